"""Loading the library, opening and creating vaults, VaultError."""

import ctypes
import os
import shutil
import subprocess
import tempfile
import unittest

import secretvault
from secretvault import _lib

from support import VaultTestCase, write_key

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


class LibraryTest(unittest.TestCase):
    def test_env_variable_names_the_library(self):
        path = os.environ.get("SECRETVAULT_LIBRARY")
        if not path:
            self.skipTest("SECRETVAULT_LIBRARY is not set")
        self.assertEqual(_lib.find_library(), path)
        lib = _lib.load()
        self.assertEqual(lib.path, path)
        self.assertEqual(lib.version, secretvault.library_version())
        self.assertRegex(lib.version, r"^\d+\.\d+\.\d+$")

    def test_explicit_argument_wins(self):
        self.assertEqual(_lib.find_library("/x/libsecretvault.so.0"),
                         "/x/libsecretvault.so.0")
        with self.assertRaises(OSError) as cm:
            secretvault.Vault("/nonexistent", passphrase="x",
                              library="/nonexistent/libsecretvault.so.0")
        self.assertIn("cannot load libsecretvault", str(cm.exception))

    def test_build_tree_fallback(self):
        old = os.environ.pop("SECRETVAULT_LIBRARY", None)
        try:
            found = _lib.find_library()
        finally:
            if old is not None:
                os.environ["SECRETVAULT_LIBRARY"] = old
        want = os.path.join(REPO, "build", "lib", "libsecretvault.so.0")
        if os.path.exists(want):
            self.assertEqual(found, want)
        else:
            self.assertIn("secretvault", found)

    def test_error_texts(self):
        lib = _lib.load()
        self.assertEqual(lib.aws_type(_lib.SV_ENOTFOUND), "ResourceNotFoundException")
        self.assertEqual(lib.aws_type(_lib.SV_EDELETED), "InvalidRequestException")
        self.assertTrue(lib.strerror(_lib.SV_EAUTH))

    def test_struct_layout_matches_header(self):
        """ctypes mirrors of the option structs agree with the C compiler."""
        cc = shutil.which("cc") or shutil.which("gcc")
        header = os.path.join(REPO, "include", "secretvault.h")
        if not cc or not os.path.exists(header):
            self.skipTest("no C compiler or no header")
        structs = {
            "sv_key_options": _lib.KeyOptions,
            "sv_vault_options": _lib.VaultOptions,
            "sv_get_options": _lib.GetOptions,
            "sv_env_options": _lib.EnvOptions,
            "sv_vault_info": _lib.VaultInfo,
        }
        lines = ['#include <stdio.h>', '#include <stddef.h>',
                 '#include "secretvault.h"', 'int main(void) {']
        for cname, cls in structs.items():
            lines.append('printf("%s %%zu\\n", sizeof(%s));' % (cname, cname))
            for field, _t in cls._fields_:
                lines.append('printf("%s.%s %%zu\\n", offsetof(%s, %s));'
                             % (cname, field, cname, field))
        lines.append("return 0; }")
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        src = os.path.join(tmp, "layout.c")
        exe = os.path.join(tmp, "layout")
        with open(src, "w") as f:
            f.write("\n".join(lines))
        subprocess.run([cc, "-I", os.path.dirname(header), "-o", exe, src],
                       check=True)
        out = subprocess.run([exe], check=True, capture_output=True,
                             text=True).stdout.split("\n")
        got = dict(line.split() for line in out if line)
        for cname, cls in structs.items():
            self.assertEqual(int(got[cname]), ctypes.sizeof(cls), cname)
            for field, _t in cls._fields_:
                self.assertEqual(int(got["%s.%s" % (cname, field)]),
                                 getattr(cls, field).offset, cname + "." + field)


class OpenTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sv-py-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.path = os.path.join(self.dir, "vault")

    def test_key_file_create_open_context_manager(self):
        key = write_key(os.path.join(self.dir, "k"))
        with secretvault.Vault(self.path, key_file=key, create=True,
                               region="eu-west-1", account_id="123456789012") as v:
            arn = v.client().create_secret(Name="a", SecretString="1")["ARN"]
            self.assertTrue(arn.startswith(
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:a-"))
            self.assertFalse(v.closed)
        self.assertTrue(v.closed)
        v.close()  # idempotent
        with secretvault.Vault(self.path, key_file=key) as v2:
            c = v2.client()
            self.assertEqual(c.get_secret_value(SecretId="a")["SecretString"], "1")
            self.assertEqual(c.meta.region_name, "eu-west-1")
            info = v2.info()
            self.assertEqual(info["AccountId"], "123456789012")
            self.assertEqual(info["SecretCount"], 1)

    def test_passphrase_weak_kdf(self):
        with secretvault.Vault(self.path, passphrase="correct horse",
                               create=True, weak_kdf=True) as v:
            v.client().create_secret(Name="p", SecretString="x")
        with secretvault.Vault(self.path, passphrase=b"correct horse",
                               weak_kdf=True) as v:
            self.assertEqual(v.client().get_secret_value(SecretId="p")["SecretString"], "x")
        with self.assertRaises(secretvault.VaultError) as cm:
            secretvault.Vault(self.path, passphrase="wrong", weak_kdf=True)
        self.assertEqual(cm.exception.code, _lib.SV_EAUTH)
        self.assertTrue(cm.exception.message)

    def test_weak_kdf_refused_without_flag(self):
        with secretvault.Vault(self.path, passphrase="pw", create=True,
                               weak_kdf=True):
            pass
        with self.assertRaises(secretvault.VaultError) as cm:
            secretvault.Vault(self.path, passphrase="pw")
        self.assertEqual(cm.exception.code, -16)  # SV_EKDFPARAMS
        self.assertIn("Argon2id", cm.exception.message)

    def test_raw_key(self):
        key = os.urandom(32)
        with secretvault.Vault(self.path, raw_key=key, create=True) as v:
            v.client().create_secret(Name="r", SecretBinary=b"\x01")
        with secretvault.Vault(self.path, raw_key=bytearray(key)) as v:
            self.assertEqual(v.client().get_secret_value(SecretId="r")["SecretBinary"], b"\x01")
        with self.assertRaises(secretvault.VaultError) as cm:
            secretvault.Vault(self.path, raw_key=os.urandom(32))
        self.assertEqual(cm.exception.code, _lib.SV_EAUTH)

    def test_key_file_mode_refused(self):
        key = write_key(os.path.join(self.dir, "k"))
        os.chmod(key, 0o644)
        with self.assertRaises(secretvault.VaultError) as cm:
            secretvault.Vault(self.path, key_file=key, create=True)
        self.assertEqual(cm.exception.code, _lib.SV_EINSECURE)
        self.assertIn("chmod 600", cm.exception.message)
        self.assertIn("chmod 600", str(cm.exception))

    def test_open_missing_and_create_twice(self):
        key = write_key(os.path.join(self.dir, "k"))
        with self.assertRaises(secretvault.VaultError) as cm:
            secretvault.Vault(self.path, key_file=key)
        self.assertLess(cm.exception.code, 0)
        secretvault.Vault(self.path, key_file=key, create=True).close()
        with self.assertRaises(secretvault.VaultError):
            secretvault.Vault(self.path, key_file=key, create=True)

    def test_exactly_one_key(self):
        with self.assertRaises(TypeError):
            secretvault.Vault(self.path)
        with self.assertRaises(TypeError):
            secretvault.Vault(self.path, passphrase="a", raw_key=b"b" * 32)

    def test_convenience_client_and_env(self):
        key = write_key(os.path.join(self.dir, "k"))
        c = secretvault.client(self.path, key_file=key, create=True)
        c.create_secret(Name="x", SecretString="y")
        c.close()
        self.assertTrue(c.vault.closed)
        env = {"SECRETVAULT_PATH": self.path, "SECRETVAULT_KEY_FILE": key}
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            with secretvault.client() as c2:
                self.assertEqual(c2.get_secret_value(SecretId="x")["SecretString"], "y")
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    def test_closed_vault_raises(self):
        key = write_key(os.path.join(self.dir, "k"))
        v = secretvault.Vault(self.path, key_file=key, create=True)
        c = v.client()
        v.close()
        with self.assertRaises(secretvault.VaultError):
            c.list_secrets()


class ClockAndPurgeTest(VaultTestCase):
    def setUp(self):
        from support import FakeClock
        self.clock = FakeClock()
        self.vault_kwargs = {"clock": self.clock}
        super().setUp()

    def test_clock_drives_dates_and_purge(self):
        c = self.client
        c.create_secret(Name="old", SecretString="x")
        created = c.describe_secret(SecretId="old")["CreatedDate"]
        self.assertAlmostEqual(created.timestamp(), self.clock.now, delta=0.002)
        c.delete_secret(SecretId="old", RecoveryWindowInDays=7)
        self.assertEqual(self.vault.purge(), 0)
        self.clock.advance(7 * 86400 + 1)
        self.assertEqual(self.vault.purge(), 1)
        self.assertClientError(c.exceptions.ResourceNotFoundException,
                               "ResourceNotFoundException", None,
                               c.describe_secret, SecretId="old")


if __name__ == "__main__":
    unittest.main()
