# libsecretvault - plain GNU make.
#
#   make            static and shared library, the CLI when present, the .pc
#   make check      everything with -Werror, then every test
#   make demo       the quick start: examples/quickstart.c on a fresh vault
#   make asan|ubsan the tests under AddressSanitizer / UBSanitizer
#   make install    honours PREFIX, DESTDIR, LIBDIR, INCLUDEDIR, MANDIR
#
# The version has one source: include/secretvault.h.

VERSION_MAJOR := $(shell sed -n 's/^\#define SV_VERSION_MAJOR \([0-9]*\)/\1/p' include/secretvault.h)
VERSION_MINOR := $(shell sed -n 's/^\#define SV_VERSION_MINOR \([0-9]*\)/\1/p' include/secretvault.h)
VERSION_PATCH := $(shell sed -n 's/^\#define SV_VERSION_PATCH \([0-9]*\)/\1/p' include/secretvault.h)
VERSION := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR ?=
INSTALL ?= install
PKG_CONFIG ?= pkg-config
AR ?= ar

B := build
DEPS := libsodium lmdb libcjson
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEPS) 2>/dev/null)
DEP_LIBS := $(shell $(PKG_CONFIG) --libs $(DEPS) 2>/dev/null || echo -lsodium -llmdb -lcjson)
ifeq ($(DEP_CFLAGS),)
DEP_CFLAGS := -I/usr/include/cjson
endif

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wvla -Wpointer-arith
OPT ?= -O2 -g
CFLAGS ?= $(OPT)
ALL_CFLAGS = -std=c99 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) \
             -Iinclude -Ilib $(DEP_CFLAGS) -pthread -MMD -MP
LDLIBS_ALL = $(DEP_LIBS) -pthread

LIB_SRC := $(sort $(wildcard lib/util/*.c lib/envelope/*.c lib/store/*.c lib/json/*.c lib/api/*.c lib/wire/*.c))
STATIC_OBJ := $(LIB_SRC:%.c=$(B)/static/%.o)
SHARED_OBJ := $(LIB_SRC:%.c=$(B)/shared/%.o)

STATIC_LIB := $(B)/lib/libsecretvault.a
SONAME := libsecretvault.so.$(VERSION_MAJOR)
SHARED_LIB := $(B)/lib/libsecretvault.so.$(VERSION)
PC_FILE := $(B)/lib/libsecretvault.pc

TEST_SRC := $(sort $(wildcard tests/envelope/*.c tests/store/*.c tests/api/*.c tests/json/*.c tests/wire/*.c tests/reliability/*.c)) \
            tests/run.c tests/testutil.c
TEST_OBJ := $(TEST_SRC:%.c=$(B)/%.o)
TEST_BIN := $(B)/tests/run
EXAMPLES := $(patsubst examples/%.c,$(B)/examples/%,$(wildcard examples/*.c)) \
            $(patsubst examples/%.cpp,$(B)/examples/%,$(wildcard examples/*.cpp))
FUZZ_TARGETS := property call record cli_args meta
FUZZ_BINS := $(FUZZ_TARGETS:%=$(B)/fuzz/%)
FUZZ_SECONDS ?= 30
CLI_SRC := $(sort $(wildcard cli/*.c))
CLI_BIN := $(if $(CLI_SRC),$(B)/bin/secretvault)

.PHONY: all static shared pc cli examples check test demo headertest man-lint \
        symbols-check asan ubsan valgrind install uninstall clean format format-check

all: static shared pc cli

static: $(STATIC_LIB)
shared: $(SHARED_LIB)
pc: $(PC_FILE)
cli: $(CLI_BIN)
examples: $(EXAMPLES)

# Objects depend on the flags they were built with, so `make check`
# rebuilds with -Werror whatever a plain `make` built before.
FLAGS_STAMP := $(B)/.flags
$(shell mkdir -p $(B) && echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS)' | cmp -s - $(FLAGS_STAMP) || echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS)' > $(FLAGS_STAMP))

$(B)/static/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/shared/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -c $< -o $@

$(STATIC_LIB): $(STATIC_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(SHARED_LIB): $(SHARED_OBJ) lib/libsecretvault.map
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/libsecretvault.map \
	  -Wl,--no-undefined $(LDFLAGS) -o $@ $(SHARED_OBJ) $(LDLIBS_ALL)
	ln -sf libsecretvault.so.$(VERSION) $(B)/lib/$(SONAME)
	ln -sf $(SONAME) $(B)/lib/libsecretvault.so

PC_SED = sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	     -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|'

$(PC_FILE): pkgconfig/libsecretvault.pc.in include/secretvault.h
	@mkdir -p $(@D)
	$(PC_SED) $< > $@

$(B)/tests/%.o: tests/%.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests -c $< -o $@

$(TEST_BIN): $(TEST_OBJ) $(STATIC_LIB)
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) -o $@ $(TEST_OBJ) $(STATIC_LIB) $(LDLIBS_ALL)

$(B)/examples/%: examples/%.c $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(STATIC_LIB) $(LDLIBS_ALL)

$(B)/examples/%: examples/%.cpp $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CXX) -std=c++11 -Wall -Wextra -Wshadow -pedantic $(CFLAGS) $(EXTRA_CFLAGS) -Iinclude \
	  $(LDFLAGS) -o $@ $< $(STATIC_LIB) $(LDLIBS_ALL)

$(B)/bin/secretvault: $(CLI_SRC) $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_SRC) $(STATIC_LIB) $(LDLIBS_ALL)

# Fuzz targets, linked with a driver that replays a corpus (make check), or
# with libFuzzer (make fuzz, clang).
# The CLI's parser needs the CLI's objects (all but main.c).
CLI_LIB_SRC := $(filter-out cli/main.c,$(CLI_SRC))
$(B)/fuzz/cli_args: tests/fuzz/cli_args.c tests/fuzz/driver.c $(CLI_LIB_SRC) $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/driver.c $(CLI_LIB_SRC) $(STATIC_LIB) $(LDLIBS_ALL)

$(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/driver.c $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/driver.c $(STATIC_LIB) $(LDLIBS_ALL)

fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  $(MAKE) --no-print-directory B=build-fuzz CC=clang \
	    OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" build-fuzz/lib/libsecretvault.a || exit 1; \
	  extra=""; [ $$t = cli_args ] && extra="$(CLI_LIB_SRC)"; \
	  clang -std=c99 -D_DEFAULT_SOURCE -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    -Iinclude -Ilib $(DEP_CFLAGS) -o build-fuzz/fuzz-$$t tests/fuzz/$$t.c $$extra \
	    build-fuzz/lib/libsecretvault.a $(LDLIBS_ALL) || exit 1; \
	  mkdir -p build-fuzz/corpus-$$t && \
	  build-fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -artifact_prefix=build-fuzz/ \
	    build-fuzz/corpus-$$t tests/fuzz/corpus/$$t || exit 1; \
	done

# ---- tests ---------------------------------------------------------------

# The README's test command.  Warnings are errors here and only here.
check:
	$(MAKE) EXTRA_CFLAGS="$(EXTRA_CFLAGS) -Werror" all examples $(TEST_BIN) $(FUZZ_BINS) $(BENCH_BIN)
	SV_MAKE="$(MAKE)" bash tests/run-all.sh

test: check

demo: $(B)/examples/quickstart
	@d=$$(mktemp -d) && trap 'rm -rf "$$d"' EXIT && $(B)/examples/quickstart "$$d/vault"

headertest:
	@mkdir -p $(B)/headertest
	sed -n 's/^#define \(SV_[A-Z_]*\)_INIT\b.*/\1/p' include/secretvault.h | \
	  while read m; do t=$$(echo "$$m" | tr 'A-Z' 'a-z'); \
	  echo "	{ $$t x = $${m}_INIT; sum += (int)x.version; }"; done > $(B)/headertest/inits.h
	$(CC) -std=c99 -pedantic -Wall -Wextra -Werror -Iinclude -I$(B)/headertest -c tests/headertest.c -o $(B)/headertest/c.o
	$(CXX) -std=c++11 -pedantic -Wall -Wextra -Werror -Iinclude -I$(B)/headertest -c tests/headertest.cpp -o $(B)/headertest/cxx.o
	@echo "headertest: ok"

man-lint:
	@bash tests/man-lint.sh

symbols-check: $(SHARED_LIB)
	@bash tests/symbols-check.sh $(SHARED_LIB)

asan:
	$(MAKE) B=build-asan CC=clang OPT="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" build-asan/tests/run
	B=build-asan ASAN_OPTIONS=detect_leaks=1 build-asan/tests/run

ubsan:
	$(MAKE) B=build-ubsan OPT="-O1 -g -fsanitize=undefined,float-cast-overflow -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=undefined,float-cast-overflow" build-ubsan/tests/run
	B=build-ubsan build-ubsan/tests/run

# The core subset: the envelope, the operations and the wire layer (the
# crash and concurrency loops are too slow under valgrind to be worth it).
VALGRIND_TESTS ?= record_,slot_,vault_,create_,get_by,put_,labels_,stage_,delete_,list_,batch_,call_,property_,env_,bad_inputs,allocation,tamper_meta
valgrind: $(TEST_BIN)
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	  --show-leak-kinds=definite $(TEST_BIN) '$(VALGRIND_TESTS)'

# ---- install -------------------------------------------------------------

install: all
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	  $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	$(INSTALL) -m 0644 include/secretvault.h include/secretvault_sys.h $(DESTDIR)$(INCLUDEDIR)/
	$(INSTALL) -m 0644 $(STATIC_LIB) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 0755 $(SHARED_LIB) $(DESTDIR)$(LIBDIR)/
	ln -sf libsecretvault.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libsecretvault.so
	$(PC_SED) pkgconfig/libsecretvault.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/libsecretvault.pc
	chmod 0644 $(DESTDIR)$(PKGCONFIGDIR)/libsecretvault.pc
	$(if $(wildcard man/man3/*.3),$(INSTALL) -m 0644 man/man3/*.3 $(DESTDIR)$(MANDIR)/man3/)
	$(if $(wildcard man/man7/*.7),$(INSTALL) -m 0644 man/man7/*.7 $(DESTDIR)$(MANDIR)/man7/)
	$(if $(CLI_BIN),$(INSTALL) -d $(DESTDIR)$(BINDIR) && $(INSTALL) -m 0755 $(CLI_BIN) $(DESTDIR)$(BINDIR)/)
	$(if $(wildcard man/man1/*.1),$(INSTALL) -d $(DESTDIR)$(MANDIR)/man1 && $(INSTALL) -m 0644 man/man1/*.1 $(DESTDIR)$(MANDIR)/man1/)

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/secretvault.h $(DESTDIR)$(INCLUDEDIR)/secretvault_sys.h
	rm -f $(DESTDIR)$(LIBDIR)/libsecretvault.a $(DESTDIR)$(LIBDIR)/libsecretvault.so \
	  $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libsecretvault.so.$(VERSION)
	rm -f $(DESTDIR)$(PKGCONFIGDIR)/libsecretvault.pc $(DESTDIR)$(BINDIR)/secretvault
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man3/,$(notdir $(wildcard man/man3/*.3)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(wildcard man/man7/*.7)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/man1/*.1)))

clean:
	rm -rf build build-asan build-ubsan build-fuzz

FORMAT_SRC = $(wildcard include/*.h lib/*/*.[ch] tests/*.[ch] tests/*/*.[ch] examples/*.c examples/*.cpp cli/*.[ch] bench/*.[ch])

format:
	clang-format -i $(FORMAT_SRC)

format-check:
	clang-format --dry-run --Werror $(FORMAT_SRC)


# ---- the benchmark (bench/README.md) ----------------------------------------
include bench/Makefile.inc

-include $(STATIC_OBJ:.o=.d) $(SHARED_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
