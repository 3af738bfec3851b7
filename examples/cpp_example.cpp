// cpp_example.cpp - libsecretvault from C++ through the C header, with
// RAII owners so every handle and every value is freed (and zeroed) on
// every path, exceptions included.
//
//   cpp_example VAULT_DIR
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include <secretvault.h>

namespace
{

// One deleter per C type: the library's own free functions.
struct VaultCloser {
	void operator()(sv_vault *v) const
	{
		sv_vault_close(v);
	}
};
struct ValueFree {
	void operator()(sv_value *v) const
	{
		sv_value_free(v);
	}
};
struct ResultFree {
	void operator()(sv_result *r) const
	{
		sv_result_free(r);
	}
};
struct IterFree {
	void operator()(sv_iter *it) const
	{
		sv_iter_free(it);
	}
};
using Vault = std::unique_ptr<sv_vault, VaultCloser>;
using Value = std::unique_ptr<sv_value, ValueFree>;
using Result = std::unique_ptr<sv_result, ResultFree>;
using Iter = std::unique_ptr<sv_iter, IterFree>;

// The AWS error type and message of a failed call, as an exception.
struct Error : std::runtime_error {
	int code;
	Error(const char *what, int rc)
	    : std::runtime_error(std::string(what) + ": " +
				 sv_error_aws_type(rc) + ": " +
				 sv_error_last()),
	      code(rc)
	{
	}
};

void check(int rc, const char *what)
{
	if (rc != SV_OK)
		throw Error(what, rc);
}

Vault create_vault(const std::string &path)
{
	static const unsigned char key[32] = "c++ example key, not for use!!!";
	sv_key_options k = SV_KEY_OPTIONS_INIT;
	k.type = SV_KEY_RAW;
	k.secret = key;
	k.secret_len = sizeof key;
	sv_vault *v = nullptr;
	check(sv_vault_create(&v, path.c_str(), &k, nullptr), "create vault");
	return Vault(v);
}

std::string put(sv_vault *v, const char *name, const std::string &value)
{
	sv_put_options o = SV_PUT_OPTIONS_INIT;
	o.secret_string = value.data();
	o.secret_string_len = value.size();
	sv_result *r = nullptr;
	check(sv_secret_put_value(&r, v, name, &o), "put");
	Result owned(r);
	return sv_result_version_id(owned.get());
}

std::string get(sv_vault *v, const char *name, const char *stage)
{
	sv_get_options o = SV_GET_OPTIONS_INIT;
	o.version_stage = stage;
	sv_value *val = nullptr;
	check(sv_secret_get_value(&val, v, name, &o), "get");
	Value owned(val);
	return std::string(
		static_cast<const char *>(sv_value_data(owned.get())),
		sv_value_size(owned.get()));
}

void list_versions(sv_vault *v, const char *name)
{
	sv_iter *it = nullptr;
	check(sv_version_list(&it, v, name, nullptr), "list versions");
	Iter owned(it);
	const sv_version *ver;
	while (sv_iter_next_version(&ver, owned.get()) == SV_OK) {
		std::printf("  %s", sv_version_id(ver));
		for (size_t i = 0; i < sv_version_stage_count(ver); i++)
			std::printf(" %s", sv_version_stage(ver, i));
		std::printf("\n");
	}
}

} // namespace

int main(int argc, char **argv)
{
	if (argc != 2) {
		std::fprintf(stderr, "usage: %s VAULT_DIR\n", argv[0]);
		return 2;
	}
	try {
		Vault vault = create_vault(argv[1]);
		sv_create_options c = SV_CREATE_OPTIONS_INIT;
		c.secret_string = "first";
		c.secret_string_len = 5;
		check(sv_secret_create(nullptr, vault.get(), "cpp/demo", &c),
		      "create");
		std::string v2 = put(vault.get(), "cpp/demo", "second");
		std::printf("current  = %s\n",
			    get(vault.get(), "cpp/demo", nullptr).c_str());
		std::printf(
			"previous = %s\n",
			get(vault.get(), "cpp/demo", SV_AWSPREVIOUS).c_str());
		std::printf("versions of cpp/demo (newest first):\n");
		list_versions(vault.get(), "cpp/demo");
		try {
			get(vault.get(), "cpp/missing", nullptr);
			return 1; // must not succeed
		} catch (const Error &e) {
			std::printf("expected failure: %s\n", e.what());
			if (e.code != SV_ENOTFOUND)
				return 1;
		}
		return v2.size() == 36 ? 0 : 1;
	} catch (const std::exception &e) {
		std::fprintf(stderr, "%s\n", e.what());
		return 1;
	}
}
