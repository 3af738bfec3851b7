/*
 * driver.c - replays fuzz inputs without libFuzzer (as libgit2's
 * standalone_driver does): every file named on the command line, or every
 * file in the directories named, goes through LLVMFuzzerTestOneInput once.
 * Ends with "N passed, N failed"; a crash is a failure of the whole run.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		return 0;
	}
	uint8_t *buf = malloc(1 << 20);
	size_t n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 1;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			failed++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			replay(argv[i]) ? passed++ : failed++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			char p[4096];
			if (e->d_name[0] == '.')
				continue;
			snprintf(p, sizeof p, "%s/%s", argv[i], e->d_name);
			replay(p) ? passed++ : failed++;
		}
		if (d)
			closedir(d);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
