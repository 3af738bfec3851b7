"""Response shapes compared with the boto3 shapes of aws-semantics.md:
which fields are present or omitted, and their Python types."""

import copy
import datetime
import json
import unittest

from support import FakeClock, VaultTestCase

META = {"RequestId", "HTTPStatusCode", "HTTPHeaders", "RetryAttempts"}


def keys(resp):
    return set(resp) - {"ResponseMetadata"}


class ShapeTest(VaultTestCase):
    def setUp(self):
        self.clock = FakeClock(1700000000.25)
        self.vault_kwargs = {"clock": self.clock}
        super().setUp()
        # Record every wire response so it can be parsed by botocore too.
        self.wire = []
        orig = self.vault._call

        def recording(op, request):
            data, n = orig(op, request)
            self.wire.append((op, copy.deepcopy(data)))
            return data, n
        self.vault._call = recording

    def assertMeta(self, resp):
        meta = resp["ResponseMetadata"]
        self.assertEqual(set(meta), META)
        self.assertEqual(meta["HTTPStatusCode"], 200)
        self.assertEqual(meta["RetryAttempts"], 0)
        self.assertIsInstance(meta["HTTPHeaders"], dict)
        self.assertEqual(meta["HTTPHeaders"]["x-amzn-requestid"], meta["RequestId"])

    def assertDate(self, value):
        self.assertIsInstance(value, datetime.datetime)
        self.assertIsNotNone(value.tzinfo)
        self.assertIsNotNone(value.utcoffset())

    def test_create_get_put_update(self):
        c = self.client
        r = c.create_secret(Name="n", Description="d", SecretString="v",
                            Tags=[{"Key": "k", "Value": "v"}])
        self.assertEqual(keys(r), {"ARN", "Name", "VersionId"})
        self.assertMeta(r)
        r = c.create_secret(Name="novalue")
        self.assertEqual(keys(r), {"ARN", "Name"})

        g = c.get_secret_value(SecretId="n")
        self.assertEqual(keys(g), {"ARN", "Name", "VersionId", "SecretString",
                                   "VersionStages", "CreatedDate"})
        self.assertIsInstance(g["SecretString"], str)
        self.assertIsInstance(g["VersionStages"], list)
        self.assertDate(g["CreatedDate"])
        self.assertAlmostEqual(g["CreatedDate"].timestamp(), 1700000000.25, places=3)
        self.assertIsInstance(g, dict)

        c.create_secret(Name="b", SecretBinary=b"\x00bin")
        g = c.get_secret_value(SecretId="b")
        self.assertEqual(keys(g), {"ARN", "Name", "VersionId", "SecretBinary",
                                   "VersionStages", "CreatedDate"})
        self.assertIsInstance(g["SecretBinary"], bytes)

        p = c.put_secret_value(SecretId="n", SecretString="v2")
        self.assertEqual(keys(p), {"ARN", "Name", "VersionId", "VersionStages"})
        self.assertEqual(p["VersionStages"], ["AWSCURRENT"])

        u = c.update_secret(SecretId="n", Description="e")
        self.assertEqual(keys(u), {"ARN", "Name"})
        u = c.update_secret(SecretId="n", SecretString="v3")
        self.assertEqual(keys(u), {"ARN", "Name", "VersionId"})
        self.compare_with_botocore()

    def test_describe_omissions(self):
        c = self.client
        c.create_secret(Name="min")
        d = c.describe_secret(SecretId="min")
        self.assertEqual(keys(d), {"ARN", "Name", "CreatedDate", "LastChangedDate"})
        for k in ("CreatedDate", "LastChangedDate"):
            self.assertDate(d[k])

        c.create_secret(Name="full", SecretString="v", Description="desc")
        d = c.describe_secret(SecretId="full")
        self.assertEqual(keys(d), {"ARN", "Name", "Description", "CreatedDate",
                                   "LastChangedDate", "VersionIdsToStages"})
        self.assertNotIn("KmsKeyId", d)  # the default key is not shown
        self.assertNotIn("Tags", d)  # never tagged
        self.assertNotIn("LastAccessedDate", d)  # never read
        self.assertIsInstance(d["VersionIdsToStages"], dict)
        (vid, stages), = d["VersionIdsToStages"].items()
        self.assertEqual(stages, ["AWSCURRENT"])

        c.get_secret_value(SecretId="full")
        c.tag_resource(SecretId="full", Tags=[{"Key": "a", "Value": "b"}])
        c.untag_resource(SecretId="full", TagKeys=["a"])
        d = c.describe_secret(SecretId="full")
        self.assertEqual(d["Tags"], [])  # tagged once: [] stays
        self.assertDate(d["LastAccessedDate"])
        # LastAccessedDate is the day, at 00:00 UTC
        utc = d["LastAccessedDate"].astimezone(datetime.timezone.utc)
        self.assertEqual((utc.hour, utc.minute, utc.second), (0, 0, 0))
        self.assertEqual(utc.date(), datetime.datetime.fromtimestamp(
            self.clock.now, datetime.timezone.utc).date())

        r = c.delete_secret(SecretId="full", RecoveryWindowInDays=7)
        self.assertEqual(keys(r), {"ARN", "Name", "DeletionDate"})
        self.assertDate(r["DeletionDate"])
        d = c.describe_secret(SecretId="full")
        self.assertIn("DeletedDate", d)
        self.assertDate(d["DeletedDate"])
        r = c.restore_secret(SecretId="full")
        self.assertEqual(keys(r), {"ARN", "Name"})
        self.compare_with_botocore()

    def test_list_shapes(self):
        c = self.client
        c.create_secret(Name="a", SecretString="v", Tags=[{"Key": "t", "Value": "u"}])
        c.create_secret(Name="b", SecretString="v")
        page = c.list_secrets(MaxResults=1)
        self.assertEqual(keys(page), {"SecretList", "NextToken"})
        entry = page["SecretList"][0]
        self.assertIn("SecretVersionsToStages", entry)  # not VersionIdsToStages
        self.assertNotIn("VersionIdsToStages", entry)
        self.assertNotIn("SecretString", entry)
        self.assertEqual(entry["Tags"], [{"Key": "t", "Value": "u"}])
        self.assertDate(entry["CreatedDate"])
        last = c.list_secrets(MaxResults=1, NextToken=page["NextToken"])
        self.assertEqual(keys(last), {"SecretList"})  # no NextToken on the last page

        c.get_secret_value(SecretId="a")
        v = c.list_secret_version_ids(SecretId="a")
        self.assertEqual(keys(v), {"Versions", "ARN", "Name"})
        ver = v["Versions"][0]
        self.assertEqual(set(ver), {"VersionId", "VersionStages", "LastAccessedDate",
                                    "CreatedDate", "KmsKeyIds"})
        self.assertEqual(ver["KmsKeyIds"], ["DefaultEncryptionKey"])
        v = c.list_secret_version_ids(SecretId="b")
        self.assertNotIn("LastAccessedDate", v["Versions"][0])

        b = c.batch_get_secret_value(SecretIdList=["a", "zz"])
        self.assertEqual(keys(b), {"SecretValues", "Errors"})
        self.assertEqual(set(b["SecretValues"][0]), {"ARN", "Name", "VersionId",
                                                     "SecretString", "VersionStages",
                                                     "CreatedDate"})
        self.assertDate(b["SecretValues"][0]["CreatedDate"])
        self.assertEqual(set(b["Errors"][0]), {"SecretId", "ErrorCode", "Message"})

        self.assertEqual(keys(c.tag_resource(
            SecretId="b", Tags=[{"Key": "x", "Value": ""}])), set())
        self.assertEqual(keys(c.untag_resource(SecretId="b", TagKeys=["x"])), set())
        r = c.get_random_password(PasswordLength=12)
        self.assertEqual(keys(r), {"RandomPassword"})
        self.assertEqual(len(r["RandomPassword"]), 12)
        self.compare_with_botocore()

    def test_binary_in_batch(self):
        c = self.client
        c.create_secret(Name="bb", SecretBinary=b"\xff\x00")
        b = c.batch_get_secret_value(SecretIdList=["bb"])
        self.assertEqual(b["SecretValues"][0]["SecretBinary"], b"\xff\x00")
        self.compare_with_botocore()

    def compare_with_botocore(self):
        """botocore's own parser, given the same wire bodies, returns what
        this client returned (dates, bytes and all)."""
        try:
            import botocore.session
            from botocore.parsers import create_parser
        except ImportError:
            return
        from secretvault.client import _parse
        model = botocore.session.get_session().get_service_model("secretsmanager")
        parser = create_parser("json")
        for op, raw in self.wire:
            shape = model.operation_model(op).output_shape
            want = parser.parse({"status_code": 200, "headers": {},
                                 "body": json.dumps(raw).encode()}, shape)
            want.pop("ResponseMetadata", None)
            got = _parse(copy.deepcopy(raw))
            self.assertEqual(got, want, op)
            if shape is not None:
                self.assertLessEqual(set(raw), set(shape.members), op)


if __name__ == "__main__":
    unittest.main()
