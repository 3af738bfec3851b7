"""Shared fixtures of the secretvault tests: temporary vaults unlocked by
key files (32 random bytes, mode 0600) or weak-KDF passphrases."""

import os
import shutil
import tempfile
import time
import unittest

import secretvault


def write_key(path, data=None):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data if data is not None else os.urandom(32))
    finally:
        os.close(fd)
    return path


class FakeClock:
    """A settable clock (seconds since the epoch) for Vault(clock=...)."""

    def __init__(self, start=None):
        self.now = time.time() if start is None else start

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


class VaultTestCase(unittest.TestCase):
    """Each test gets self.dir, self.key_file, self.vault, self.client."""

    vault_kwargs = {}

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sv-py-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.key_file = write_key(os.path.join(self.dir, "vault.key"))
        self.path = os.path.join(self.dir, "vault")
        self.vault = secretvault.Vault(self.path, key_file=self.key_file,
                                       create=True, **self.vault_kwargs)
        self.addCleanup(self.vault.close)
        self.client = self.vault.client()

    def open_again(self, **kwargs):
        v = secretvault.Vault(self.path, key_file=self.key_file, **kwargs)
        self.addCleanup(v.close)
        return v

    def assertClientError(self, cls, code, message, fn, *args, **kwargs):
        with self.assertRaises(cls) as cm:
            fn(*args, **kwargs)
        err = cm.exception
        self.assertIsInstance(err, secretvault.ClientError)
        self.assertEqual(err.response["Error"]["Code"], code)
        if message is not None:
            self.assertEqual(err.response["Error"]["Message"], message)
        return err
