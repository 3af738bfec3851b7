"""SecretCache with the interface of aws-secretsmanager-caching."""

import json
import threading
import unittest

from secretvault import (InjectKeywordedSecretString, InjectSecretString,
                         SecretCache, SecretCacheConfig, SecretCacheHook)
from support import VaultTestCase


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class CountingClient:
    """Counts the calls the cache makes (as a botocore Stubber would)."""

    def __init__(self, client):
        self.client = client
        self.calls = []

    def describe_secret(self, **kw):
        self.calls.append(("DescribeSecret", kw["SecretId"]))
        return self.client.describe_secret(**kw)

    def get_secret_value(self, **kw):
        self.calls.append(("GetSecretValue", kw["SecretId"]))
        return self.client.get_secret_value(**kw)

    def count(self, op):
        return sum(1 for o, _ in self.calls if o == op)


class CacheTest(VaultTestCase):
    def setUp(self):
        super().setUp()
        self.client.create_secret(Name="MyTestSecret", SecretString="v1")
        self.counting = CountingClient(self.client)
        self.clock = Clock()

    def cache(self, **config):
        return SecretCache(config=SecretCacheConfig(**config), client=self.counting,
                           clock=self.clock)

    def test_tutorial_snippet(self):
        client = self.vault.client()
        cache = SecretCache(config=SecretCacheConfig(), client=client)
        secret = cache.get_secret_string('MyTestSecret')
        self.assertEqual(secret, "v1")

    def test_tutorial_script_with_only_the_client_line_changed(self):
        """The AWS tutorial, verbatim but for its client line (plus the
        import it needs), run as a script."""
        import os
        import subprocess
        import sys
        import textwrap
        self.vault.close()
        script = textwrap.dedent("""\
            import secretvault
            from aws_secretsmanager_caching import SecretCache, SecretCacheConfig

            client = secretvault.client(%r, key_file=%r)
            cache_config = SecretCacheConfig()
            cache = SecretCache( config = cache_config, client = client)

            secret = cache.get_secret_string('MyTestSecret')
            print(secret)
            """) % (self.path, self.key_file)
        out = subprocess.run([sys.executable, "-c", script], env=dict(os.environ),
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout, "v1\n")

    def test_with_a_botocore_client(self):
        """The cache takes a botocore client too (stubbed, no network)."""
        try:
            import botocore.session
            from botocore.stub import Stubber
        except ImportError:
            self.skipTest("botocore is not installed")
        bc = botocore.session.get_session().create_client(
            "secretsmanager", region_name="us-east-1",
            aws_access_key_id="AKID", aws_secret_access_key="SECRET")
        stub = Stubber(bc)
        vid = "a" * 32
        stub.add_response("describe_secret", {"ARN": "arn:aws:secretsmanager:us-east-1:"
                                              "123456789012:secret:s-abcdef", "Name": "s",
                                              "VersionIdsToStages": {vid: ["AWSCURRENT"]}},
                          {"SecretId": "s"})
        stub.add_response("get_secret_value", {"Name": "s", "VersionId": vid,
                                               "SecretString": "from botocore"},
                          {"SecretId": "s", "VersionId": vid})
        with stub:
            cache = SecretCache(client=bc)
            self.assertEqual(cache.get_secret_string("s"), "from botocore")
            self.assertEqual(cache.get_secret_string("s"), "from botocore")

    def test_config_defaults(self):
        cfg = SecretCacheConfig()
        self.assertEqual(cfg.max_cache_size, 1024)
        self.assertEqual(cfg.secret_refresh_interval, 3600)
        self.assertEqual(cfg.default_version_stage, "AWSCURRENT")
        self.assertEqual(cfg.exception_retry_delay_base, 1)
        self.assertEqual(cfg.exception_retry_growth_factor, 2)
        self.assertEqual(cfg.exception_retry_delay_max, 3600)
        self.assertIsNone(cfg.secret_cache_hook)
        with self.assertRaises(TypeError):
            SecretCacheConfig(no_such_option=1)

    def test_hit(self):
        cache = self.cache()
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v1")
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v1")
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v1")
        self.assertEqual(self.counting.count("DescribeSecret"), 1)
        self.assertEqual(self.counting.count("GetSecretValue"), 1)
        self.assertIn("MyTestSecret", cache)

    def test_binary_and_stages(self):
        self.client.create_secret(Name="bin", SecretBinary=b"\x00\x01")
        self.client.put_secret_value(SecretId="MyTestSecret", SecretString="v2")
        cache = self.cache()
        self.assertEqual(cache.get_secret_binary("bin"), b"\x00\x01")
        self.assertIsNone(cache.get_secret_string("bin"))
        self.assertIsNone(cache.get_secret_binary("MyTestSecret"))
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v2")
        self.assertEqual(cache.get_secret_string("MyTestSecret", "AWSPREVIOUS"), "v1")
        self.assertIsNone(cache.get_secret_string("MyTestSecret", "AWSPENDING"))
        cache2 = self.cache(default_version_stage="AWSPREVIOUS")
        self.assertEqual(cache2.get_secret_string("MyTestSecret"), "v1")

    def test_refresh_after_interval(self):
        cache = self.cache(secret_refresh_interval=60)
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v1")
        self.client.put_secret_value(SecretId="MyTestSecret", SecretString="v2")
        self.clock.now += 29  # the next refresh is drawn from [30, 60] s
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v1")
        self.assertEqual(self.counting.count("DescribeSecret"), 1)
        self.clock.now += 32
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v2")
        self.assertEqual(self.counting.count("DescribeSecret"), 2)
        self.assertEqual(self.counting.count("GetSecretValue"), 2)

    def test_tiny_interval_real_clock(self):
        cache = SecretCache(config=SecretCacheConfig(secret_refresh_interval=0),
                            client=self.client)
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v1")
        self.client.put_secret_value(SecretId="MyTestSecret", SecretString="v2")
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v2")

    def test_refresh_secret_now(self):
        cache = self.cache()
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v1")
        self.client.put_secret_value(SecretId="MyTestSecret", SecretString="v2")
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v1")
        cache.refresh_secret_now("MyTestSecret")
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v2")

    def test_lru_eviction(self):
        for name in ("a", "b", "c"):
            self.client.create_secret(Name=name, SecretString=name.upper())
        cache = self.cache(max_cache_size=2)
        self.assertEqual(cache.get_secret_string("a"), "A")
        self.assertEqual(cache.get_secret_string("b"), "B")
        self.assertEqual(cache.get_secret_string("a"), "A")  # a is now the newest
        self.assertEqual(cache.get_secret_string("c"), "C")  # evicts b
        self.assertEqual(len(cache), 2)
        self.assertIn("a", cache)
        self.assertNotIn("b", cache)
        before = self.counting.count("DescribeSecret")
        self.assertEqual(cache.get_secret_string("b"), "B")  # read again
        self.assertEqual(self.counting.count("DescribeSecret"), before + 1)
        self.assertNotIn("a", cache)

    def test_errors_and_retry(self):
        cache = self.cache()
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException):
            cache.get_secret_string("later")
        self.client.create_secret(Name="later", SecretString="here")
        self.clock.now += 0.002  # retry delay: base 1 * 2**0, in ms as in the AWS library
        self.assertEqual(cache.get_secret_string("later"), "here")

    def test_values_are_copies(self):
        cache = self.cache()
        self.client.create_secret(Name="j", SecretString=json.dumps({"a": 1}))
        first = cache._get("j", None)
        first["SecretString"] = "changed"
        self.assertEqual(cache.get_secret_string("j"), '{"a": 1}')

    def test_hook(self):
        class Hook(SecretCacheHook):
            def __init__(self):
                self.puts = 0
                self.store = {}

            def put(self, obj):
                self.puts += 1
                key = len(self.store)
                self.store[key] = obj
                return key

            def get(self, cached_obj):
                return self.store[cached_obj]
        hook = Hook()
        cache = SecretCache(config=SecretCacheConfig(secret_cache_hook=hook),
                            client=self.client)
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v1")
        self.assertEqual(cache.get_secret_string("MyTestSecret"), "v1")
        self.assertEqual(hook.puts, 2)  # one DescribeSecret, one GetSecretValue

    def test_decorators(self):
        self.client.create_secret(Name="creds", SecretString=json.dumps(
            {"username": "u", "password": "p"}))
        cache = SecretCache(client=self.client)

        @InjectKeywordedSecretString(secret_id="creds", cache=cache,
                                     func_username="username", func_password="password")
        def connect(func_username, func_password, extra=None):
            return func_username, func_password, extra
        self.assertEqual(connect(extra=1), ("u", "p", 1))

        @InjectSecretString("MyTestSecret", cache)
        def simple(secret, arg):
            return secret, arg
        self.assertEqual(simple(2), ("v1", 2))

    def test_default_client_from_environment(self):
        import os
        old = {k: os.environ.get(k) for k in ("SECRETVAULT_PATH", "SECRETVAULT_KEY_FILE")}
        self.vault.close()
        os.environ["SECRETVAULT_PATH"] = self.path
        os.environ["SECRETVAULT_KEY_FILE"] = self.key_file
        try:
            cache = SecretCache()
            self.assertEqual(cache.get_secret_string("MyTestSecret"), "v1")
            cache.client.close()
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    def test_threads_share_a_cache(self):
        for i in range(20):
            self.client.create_secret(Name="t%d" % i, SecretString="value %d" % i)
        cache = SecretCache(config=SecretCacheConfig(max_cache_size=8),
                            client=self.client)
        errors = []

        def work(k):
            try:
                for n in range(200):
                    i = (n * 7 + k) % 20
                    if cache.get_secret_string("t%d" % i) != "value %d" % i:
                        errors.append(("mismatch", i))
            except Exception as e:  # pragma: no cover
                errors.append(e)
        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertLessEqual(len(cache), 8)


if __name__ == "__main__":
    unittest.main()
