"""Concurrent use: 8 threads on one Vault (its lock serialises the handle)
and 8 threads each with its own Vault on the same path."""

import threading
import unittest

import secretvault
from support import VaultTestCase

THREADS = 8
ROUNDS = 25


def run_threads(target):
    errors = []

    def wrapped(k):
        try:
            target(k)
        except Exception as e:
            errors.append((k, repr(e)))
    threads = [threading.Thread(target=wrapped, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


class ThreadTest(VaultTestCase):
    def check_results(self, client):
        names = [s["Name"] for p in client.get_paginator("list_secrets").paginate()
                 for s in p["SecretList"]]
        self.assertEqual(len(names), THREADS * 2)
        for k in range(THREADS):
            v = client.get_secret_value(SecretId="t%d/a" % k)
            self.assertEqual(v["SecretString"], "t%d-%d" % (k, ROUNDS - 1))
            versions = client.list_secret_version_ids(SecretId="t%d/a" % k,
                                                      IncludeDeprecated=True)
            self.assertEqual(len(versions["Versions"]), ROUNDS + 1)

    def work(self, client, k):
        client.create_secret(Name="t%d/a" % k, SecretString="start")
        client.create_secret(Name="t%d/b" % k, SecretBinary=bytes([k]) * 100)
        for r in range(ROUNDS):
            client.put_secret_value(SecretId="t%d/a" % k, SecretString="t%d-%d" % (k, r))
            got = client.get_secret_value(SecretId="t%d/a" % k)["SecretString"]
            if got != "t%d-%d" % (k, r):
                raise AssertionError("thread %d read %r" % (k, got))
            if client.get_secret_value(SecretId="t%d/b" % k)["SecretBinary"] != bytes([k]) * 100:
                raise AssertionError("binary mismatch")
            client.describe_secret(SecretId="t%d/a" % k)
            client.list_secrets(MaxResults=5)
            try:
                client.get_secret_value(SecretId="missing-%d" % k)
            except client.exceptions.ResourceNotFoundException as e:
                # the message read for this call, not another thread's
                if e.response["Error"]["Message"] != \
                        "Secrets Manager can't find the specified secret.":
                    raise
            else:
                raise AssertionError("no error")

    def test_one_vault_shared_by_8_threads(self):
        client = self.client
        errors = run_threads(lambda k: self.work(client, k))
        self.assertEqual(errors, [])
        self.check_results(client)

    def test_separate_vaults_on_one_path(self):
        self.vault.close()

        def target(k):
            with secretvault.Vault(self.path, key_file=self.key_file) as v:
                self.work(v.client(), k)
        errors = run_threads(target)
        self.assertEqual(errors, [])
        self.check_results(self.open_again().client())

    def test_property_and_env_helpers_from_threads(self):
        self.client.create_secret(Name="json", SecretString='{"a": {"b": "c"}}')

        def target(k):
            for _ in range(ROUNDS):
                if self.client.get_secret_property(SecretId="json", Property="a.b") != "c":
                    raise AssertionError("property")
                env = secretvault.env_for(self.client, ["json"], parse_json=True)
                if env != {"JSON_A_B": "c"}:
                    raise AssertionError(env)
        self.assertEqual(run_threads(target), [])

    def test_the_lock_guards_the_handle(self):
        done = threading.Event()

        def call():
            self.client.list_secrets()
            done.set()
        with self.vault._lock:
            t = threading.Thread(target=call)
            t.start()
            self.assertFalse(done.wait(0.3), "a call ran while the lock was held")
        t.join(10)
        self.assertTrue(done.is_set())


if __name__ == "__main__":
    unittest.main()
