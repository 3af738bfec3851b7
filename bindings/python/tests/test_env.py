"""env_for: environment variables named as aws-secretsmanager-get-secrets does."""

import json
import unittest

import secretvault
from secretvault import env_for
from support import VaultTestCase


class EnvTest(VaultTestCase):
    def setUp(self):
        super().setUp()
        c = self.client
        c.create_secret(Name="test/secret", SecretString="plain value")
        c.create_secret(Name="0/test/secret", SecretString="digit")
        c.create_secret(Name="db/creds", SecretString=json.dumps(
            {"username": "admin", "password": "pw", "config": {"active": True, "port": 5432},
             "hosts": ["a", "b"]}))
        c.create_secret(Name="MySecret", SecretString="one")
        c.create_secret(Name="mysecret", SecretString="two")
        c.create_secret(Name="app/alpha", SecretString="A")
        c.create_secret(Name="app/beta", SecretString="B")

    def test_names(self):
        env = env_for(self.client, ["test/secret", "0/test/secret"])
        self.assertEqual(env, {"TEST_SECRET": "plain value", "_0_TEST_SECRET": "digit"})
        env = env_for(self.client, ["test/secret"], name_transformation="lowercase")
        self.assertEqual(env, {"test_secret": "plain value"})
        env = env_for(self.client, ["MySecret"], name_transformation="none")
        self.assertEqual(env, {"MySecret": "one"})
        # an ARN is named by the secret's name
        arn = self.client.describe_secret(SecretId="test/secret")["ARN"]
        self.assertEqual(env_for(self.client, [arn]), {"TEST_SECRET": "plain value"})

    def test_alias_and_multiline_string(self):
        env = env_for(self.client, "DB_PASS , test/secret\n\n  MYSECRET2,mysecret\n")
        self.assertEqual(env, {"DB_PASS": "plain value", "MYSECRET2": "two"})
        with self.assertRaises(secretvault.exceptions.InvalidParameterException) as cm:
            env_for(self.client, ["bad-alias,test/secret"])
        self.assertIn("bad-alias", cm.exception.response["Error"]["Message"])

    def test_parse_json(self):
        env = env_for(self.client, ["db/creds"], parse_json=True)
        self.assertEqual(env, {
            "DB_CREDS_USERNAME": "admin", "DB_CREDS_PASSWORD": "pw",
            "DB_CREDS_CONFIG_ACTIVE": "true", "DB_CREDS_CONFIG_PORT": "5432",
            "DB_CREDS_HOSTS": '["a","b"]'})
        # blank alias: the keys alone
        env = env_for(self.client, [",db/creds"], parse_json=True)
        self.assertEqual(env["USERNAME"], "admin")
        self.assertEqual(env["CONFIG_PORT"], "5432")
        # without parse_json a JSON secret is one variable
        env = env_for(self.client, ["db/creds"])
        self.assertEqual(list(env), ["DB_CREDS"])
        # a blank alias on a non-JSON value falls back to the name
        self.assertEqual(env_for(self.client, [",test/secret"], parse_json=True),
                         {"TEST_SECRET": "plain value"})

    def test_collision_raises(self):
        with self.assertRaises(secretvault.exceptions.ResourceExistsException) as cm:
            env_for(self.client, ["MySecret", "mysecret"])
        msg = cm.exception.response["Error"]["Message"]
        self.assertIn("MYSECRET", msg)
        self.assertIn("MySecret", msg)
        self.assertIn("mysecret", msg)
        # an alias resolves it
        env = env_for(self.client, ["MySecret", "OTHER,mysecret"])
        self.assertEqual(env, {"MYSECRET": "one", "OTHER": "two"})

    def test_prefix_wildcard(self):
        env = env_for(self.client, ["app/*"])
        self.assertEqual(env, {"APP_ALPHA": "A", "APP_BETA": "B"})
        with self.assertRaises(secretvault.exceptions.InvalidParameterException):
            env_for(self.client, ["X,app/*"])  # alias on several matches
        with self.assertRaises(secretvault.exceptions.ResourceNotFoundException):
            env_for(self.client, ["none/*"])
        with self.assertRaises(secretvault.exceptions.InvalidParameterException):
            env_for(self.client, ["ap*"])  # fewer than 3 characters

    def test_environ_mapping(self):
        environ = {"TEST_SECRET": "already"}
        with self.assertRaises(secretvault.exceptions.ResourceExistsException):
            env_for(self.client, ["test/secret"], environ=environ)
        self.assertEqual(environ, {"TEST_SECRET": "already"})
        environ = {"UNRELATED": "x", "TEST_SECRET": ""}
        env_for(self.client, ["test/secret"], environ=environ)
        self.assertEqual(environ["TEST_SECRET"], "plain value")

    def test_missing_secret(self):
        with self.assertRaises(secretvault.exceptions.ResourceNotFoundException):
            env_for(self.client, ["nope"])


if __name__ == "__main__":
    unittest.main()
