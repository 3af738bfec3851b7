"""Property extraction: in the C library (client.get_secret_property) and
in Python (secretvault.get_property, response.property), which agree."""

import json
import unittest

import secretvault
from support import VaultTestCase

DOC = {
    "username": "admin",
    "password": "p@ss",
    "port": 5432,
    "ratio": 0.1,
    "big": 1e20,
    "neg": -3,
    "flag": True,
    "nothing": None,
    "a.b": "literal dotted key",
    "a": {"b": "nested", "c": {"d": [1, 2, {"e": "deep"}]}},
    "list": ["x", "y", "z"],
    "empty": [],
    "obj": {"k": "v", "n": [1.5, "t\"q", False]},
    "dot.ted": {"x": "escaped"},
    "uni": "h\u00e9 \u4e16",
}

PATHS = [
    "username", "port", "ratio", "big", "neg", "flag", "nothing", "a.b",
    "a.c", "a.c.d", "a.c.d.2.e", "a.c.d.#", "list.0", "list.2", "list.#",
    "empty.#", "obj", "obj.n", "dot\\.ted.x", "uni", "a.c.d.1",
]
MISSING = ["nope", "a.x", "list.3", "list.01", "username.x", "a.c.d.-1", "obj.k.v"]
MALFORMED = ["", "a..b", "trailing\\", "list.#.x"]
NUMBERS = [0, -0.0, 1, 1.0, -1.5, 0.1, 0.30000000000000004, 1e20, 1.5e-10,
           2147483647, 2147483648, -2147483648, -2147483649, 123456789012345678,
           3.141592653589793, 1e300, 100, 12.5e3]


class PropertyTest(VaultTestCase):
    def setUp(self):
        super().setUp()
        self.text = json.dumps(DOC)
        self.client.create_secret(Name="db", SecretString=self.text)

    def test_client_get_secret_property(self):
        c = self.client
        self.assertEqual(c.get_secret_property(SecretId="db", Property="username"), "admin")
        self.assertEqual(c.get_secret_property(SecretId="db", Property="port"), "5432")
        self.assertEqual(c.get_secret_property(SecretId="db", Property="a.b"),
                         "literal dotted key")
        self.assertEqual(c.get_secret_property(SecretId="db", Property="a.c.d.2.e"), "deep")
        self.assertEqual(c.get_secret_property(SecretId="db", Property="list.#"), "3")
        self.assertEqual(c.get_secret_property(SecretId="db", Property="obj"),
                         '{"k":"v","n":[1.5,"t\\"q",false]}')
        self.assertEqual(c.get_secret_property(SecretId="db", Property="dot\\.ted.x"),
                         "escaped")
        self.assertEqual(c.get_secret_property(SecretId="db", Property="flag"), "true")
        self.assertEqual(c.get_secret_property(SecretId="db", Property="nothing"), "null")

    def test_versions_and_errors(self):
        c = self.client
        c.put_secret_value(SecretId="db", SecretString='{"username": "v2"}')
        self.assertEqual(c.get_secret_property(SecretId="db", Property="username"), "v2")
        self.assertEqual(c.get_secret_property(SecretId="db", Property="username",
                                               VersionStage="AWSPREVIOUS"), "admin")
        self.assertClientError(c.exceptions.ResourceNotFoundException,
                               "ResourceNotFoundException",
                               "the property nope does not exist in secret db",
                               c.get_secret_property, SecretId="db", Property="nope")
        self.assertClientError(c.exceptions.ResourceNotFoundException,
                               "ResourceNotFoundException",
                               "Secrets Manager can't find the specified secret.",
                               c.get_secret_property, SecretId="zz", Property="a")
        c.create_secret(Name="plain", SecretString="not json")
        self.assertClientError(c.exceptions.InvalidParameterException,
                               "InvalidParameterException",
                               "the secret string is not a JSON document",
                               c.get_secret_property, SecretId="plain", Property="a")
        c.delete_secret(SecretId="plain")
        self.assertClientError(c.exceptions.InvalidRequestException,
                               "InvalidRequestException", None,
                               c.get_secret_property, SecretId="plain", Property="a")

    def test_response_property(self):
        r = self.client.get_secret_value(SecretId="db")
        self.assertEqual(r.property("password"), "p@ss")
        self.assertEqual(r.property("a.c.d.#"), "3")
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException) as cm:
            r.property("nope")
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         "the property nope does not exist in secret db")

    def test_python_and_c_agree(self):
        c = self.client
        numbers = {"n%d" % i: v for i, v in enumerate(NUMBERS)}
        numbers["all"] = NUMBERS
        c.create_secret(Name="nums", SecretString=json.dumps(numbers))
        cases = [("db", self.text, p) for p in PATHS + MISSING + MALFORMED]
        cases += [("nums", json.dumps(numbers), k) for k in numbers]
        for sid, text, path in cases:
            try:
                want = ("ok", c.get_secret_property(SecretId=sid, Property=path))
            except secretvault.ClientError as e:
                want = (e.response["Error"]["Code"],
                        e.response["Error"]["Message"].replace("secret " + sid,
                                                               "the secret"))
            try:
                got = ("ok", secretvault.get_property(text, path))
            except secretvault.ClientError as e:
                got = (e.response["Error"]["Code"], e.response["Error"]["Message"])
            self.assertEqual(got, want, "%s %r" % (sid, path))

    def test_get_property_on_text(self):
        gp = secretvault.get_property
        # numbers come back exactly as written, like the C library's
        self.assertEqual(gp('{"n":1.0,"m":[1E2,-0.0]}', "n"), "1.0")
        self.assertEqual(gp('{"n":1.0,"m":[1E2,-0.0]}', "m"), "[1E2,-0.0]")
        self.assertEqual(gp('{"a":{"b":1}}', "a.b"), "1")
        self.assertEqual(gp(b'{"a":"x"}', "a"), "x")
        self.assertEqual(gp('[10,20]', "1"), "20")
        self.assertEqual(gp('{"a":1,"a":2}', "a"), "1")  # the first duplicate wins
        with self.assertRaises(secretvault.exceptions.InvalidParameterException):
            gp("not json", "a")
        with self.assertRaises(secretvault.exceptions.InvalidParameterException):
            gp('{"a": NaN}', "a")
        with self.assertRaises(secretvault.exceptions.InvalidParameterException):
            gp("[" * 65 + "]" * 65, "0")


if __name__ == "__main__":
    unittest.main()
