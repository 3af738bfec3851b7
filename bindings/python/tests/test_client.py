"""The boto3-style client: every operation, labels, listing, paging, deletion."""

import datetime
import io
import unittest
import uuid

import secretvault
from support import FakeClock, VaultTestCase

CUR, PREV, PEND = "AWSCURRENT", "AWSPREVIOUS", "AWSPENDING"


def tok(ch):
    return ch * 32


class CreateGetTest(VaultTestCase):
    def test_create_and_get_string(self):
        c = self.client
        r = c.create_secret(Name="MyTestSecret", SecretString="s3cr3t",
                            Description="my test secret")
        self.assertEqual(r["Name"], "MyTestSecret")
        self.assertRegex(r["ARN"], r"^arn:aws:secretsmanager:us-east-1:000000000000:"
                                   r"secret:MyTestSecret-[A-Za-z0-9]{6}$")
        uuid.UUID(r["VersionId"])  # botocore filled ClientRequestToken: a UUID4
        g = c.get_secret_value(SecretId="MyTestSecret")
        self.assertEqual(g["SecretString"], "s3cr3t")
        self.assertNotIn("SecretBinary", g)
        self.assertEqual(g["VersionId"], r["VersionId"])
        self.assertEqual(g["VersionStages"], [CUR])
        self.assertEqual(g["ARN"], r["ARN"])
        # by ARN, by partial ARN
        self.assertEqual(c.get_secret_value(SecretId=r["ARN"])["SecretString"], "s3cr3t")
        self.assertEqual(c.get_secret_value(SecretId=r["ARN"][:-7])["SecretString"], "s3cr3t")
        self.assertEqual(c.get_secret_value(SecretId="MyTestSecret", VersionStage=CUR)
                         ["VersionId"], r["VersionId"])
        self.assertEqual(c.get_secret_value(SecretId="MyTestSecret",
                                            VersionId=r["VersionId"])["SecretString"], "s3cr3t")

    def test_create_and_get_binary(self):
        c = self.client
        blob = bytes(range(256))
        c.create_secret(Name="bin", SecretBinary=blob)
        g = c.get_secret_value(SecretId="bin")
        self.assertIsInstance(g["SecretBinary"], bytes)
        self.assertEqual(g["SecretBinary"], blob)
        self.assertNotIn("SecretString", g)
        # str, bytearray and file objects are accepted for blobs, as in botocore
        c.put_secret_value(SecretId="bin", SecretBinary="text")
        self.assertEqual(c.get_secret_value(SecretId="bin")["SecretBinary"], b"text")
        c.put_secret_value(SecretId="bin", SecretBinary=bytearray(b"\x00\xff"))
        self.assertEqual(c.get_secret_value(SecretId="bin")["SecretBinary"], b"\x00\xff")
        c.put_secret_value(SecretId="bin", SecretBinary=io.BytesIO(b"file"))
        self.assertEqual(c.get_secret_value(SecretId="bin")["SecretBinary"], b"file")

    def test_unicode_roundtrip(self):
        text = "h\u00e9llo \u4e16\u754c \U0001F600 \"quoted\" \\ \n\t"
        self.client.create_secret(Name="uni", SecretString=text)
        self.assertEqual(self.client.get_secret_value(SecretId="uni")["SecretString"], text)

    def test_create_without_value(self):
        c = self.client
        r = c.create_secret(Name="empty")
        self.assertNotIn("VersionId", r)
        d = c.describe_secret(SecretId="empty")
        self.assertNotIn("VersionIdsToStages", d)
        self.assertEqual(c.list_secret_version_ids(SecretId="empty")["Versions"], [])
        # the first put gets AWSCURRENT
        p = c.put_secret_value(SecretId="empty", SecretString="v1")
        self.assertEqual(p["VersionStages"], [CUR])

    def test_idempotent_token(self):
        c = self.client
        a = c.create_secret(Name="idem", SecretString="x", ClientRequestToken=tok("a"))
        b = c.create_secret(Name="idem", SecretString="x", ClientRequestToken=tok("a"))
        self.assertEqual(a["VersionId"], b["VersionId"])
        self.assertEqual(a["VersionId"], tok("a"))
        p1 = c.put_secret_value(SecretId="idem", SecretString="y", ClientRequestToken=tok("b"))
        p2 = c.put_secret_value(SecretId="idem", SecretString="y", ClientRequestToken=tok("b"))
        self.assertEqual(p1["VersionId"], p2["VersionId"])
        self.assertEqual(len(c.list_secret_version_ids(SecretId="idem")["Versions"]), 2)

    def test_keyword_arguments_only(self):
        with self.assertRaises(TypeError) as cm:
            self.client.get_secret_value("x")
        self.assertEqual(str(cm.exception),
                         "get_secret_value() only accepts keyword arguments.")


class LabelTest(VaultTestCase):
    def labels(self, name="s", deprecated=True):
        r = self.client.list_secret_version_ids(SecretId=name,
                                                IncludeDeprecated=deprecated)
        return {v["VersionId"][0]: sorted(v.get("VersionStages", []))
                for v in r["Versions"]}

    def test_put_moves_labels(self):
        c = self.client
        c.create_secret(Name="s", SecretString="v1", ClientRequestToken=tok("1"))
        p = c.put_secret_value(SecretId="s", SecretString="v2", ClientRequestToken=tok("2"))
        self.assertEqual(p["VersionStages"], [CUR])
        self.assertEqual(self.labels(), {"1": [PREV], "2": [CUR]})
        c.put_secret_value(SecretId="s", SecretString="v3", ClientRequestToken=tok("3"))
        self.assertEqual(self.labels(), {"1": [], "2": [PREV], "3": [CUR]})
        # a deprecated version is hidden without IncludeDeprecated
        self.assertEqual(self.labels(deprecated=False), {"2": [PREV], "3": [CUR]})
        # AWSPENDING: AWSCURRENT does not move
        p = c.put_secret_value(SecretId="s", SecretString="v4",
                               ClientRequestToken=tok("4"), VersionStages=[PEND])
        self.assertEqual(p["VersionStages"], [PEND])
        self.assertEqual(c.get_secret_value(SecretId="s")["SecretString"], "v3")
        self.assertEqual(c.get_secret_value(SecretId="s", VersionStage=PEND)["SecretString"], "v4")
        self.assertEqual(c.get_secret_value(SecretId="s", VersionStage=PREV)["SecretString"], "v2")
        # finish a rotation: move AWSCURRENT to the pending version
        c.update_secret_version_stage(SecretId="s", VersionStage=CUR,
                                      MoveToVersionId=tok("4"), RemoveFromVersionId=tok("3"))
        self.assertEqual(self.labels(), {"1": [], "2": [], "3": [PREV], "4": [CUR, PEND]})
        self.assertEqual(c.get_secret_value(SecretId="s")["SecretString"], "v4")
        # a put without stages drops AWSPENDING from the demoted version
        c.put_secret_value(SecretId="s", SecretString="v5", ClientRequestToken=tok("5"))
        self.assertEqual(self.labels(), {"1": [], "2": [], "3": [], "4": [PREV], "5": [CUR]})
        d = c.describe_secret(SecretId="s")
        self.assertEqual({k[0]: sorted(v) for k, v in d["VersionIdsToStages"].items()},
                         {"4": [PREV], "5": [CUR]})

    def test_update_secret_version_stage_errors_and_custom_labels(self):
        c = self.client
        c.create_secret(Name="s", SecretString="v1", ClientRequestToken=tok("1"))
        c.put_secret_value(SecretId="s", SecretString="v2", ClientRequestToken=tok("2"),
                           VersionStages=["blue"])
        self.assertClientError(
            c.exceptions.InvalidParameterException, "InvalidParameterException",
            "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT "
            "is currently attached to version %s, so you must explicitly reference that "
            "version in RemoveFromVersionId." % tok("1"),
            c.update_secret_version_stage, SecretId="s", VersionStage=CUR,
            MoveToVersionId=tok("2"))
        r = c.update_secret_version_stage(SecretId="s", VersionStage="blue",
                                          RemoveFromVersionId=tok("2"))
        self.assertEqual(set(r) - {"ResponseMetadata"}, {"ARN", "Name"})
        self.assertEqual(self.labels(), {"1": [CUR], "2": []})
        c.update_secret_version_stage(SecretId="s", VersionStage="green",
                                      MoveToVersionId=tok("2"))
        self.assertEqual(self.labels(), {"1": [CUR], "2": ["green"]})

    def test_update_secret(self):
        c = self.client
        c.create_secret(Name="s", SecretString="v1", ClientRequestToken=tok("1"))
        r = c.update_secret(SecretId="s", Description="new description")
        self.assertNotIn("VersionId", r)
        r = c.update_secret(SecretId="s", SecretString="v2", ClientRequestToken=tok("2"))
        self.assertEqual(r["VersionId"], tok("2"))
        self.assertEqual(self.labels(), {"1": [PREV], "2": [CUR]})
        d = c.describe_secret(SecretId="s")
        self.assertEqual(d["Description"], "new description")
        self.assertGreaterEqual(d["LastChangedDate"], d["CreatedDate"])


class ListTest(VaultTestCase):
    def setUp(self):
        # Secrets created in one millisecond are listed by name; a clock
        # that moves makes "creation order" unambiguous.
        self.clock = FakeClock(1700000000.0)
        self.vault_kwargs = {"clock": self.clock}
        super().setUp()
        c = self.client
        self.names = ["prod/db/password", "prod/api/key", "dev/db/password",
                      "dev/api/key", "shared/token"]
        for i, name in enumerate(self.names):
            self.clock.advance(1)
            c.create_secret(Name=name, SecretString="v%d" % i,
                            Description="the %s secret" % name.split("/")[0],
                            Tags=[{"Key": "env", "Value": name.split("/")[0]},
                                  {"Key": "Team", "Value": "core" if i % 2 else "edge"}])

    def names_of(self, **kwargs):
        return [s["Name"] for s in self.client.list_secrets(**kwargs)["SecretList"]]

    def test_list_all_in_creation_order(self):
        self.assertEqual(self.names_of(), self.names)
        self.assertEqual(self.names_of(SortBy="name"), sorted(self.names))
        self.assertEqual(self.names_of(SortBy="name", SortOrder="desc"),
                         sorted(self.names, reverse=True))

    def test_filters(self):
        f = lambda key, *values: [{"Key": key, "Values": list(values)}]
        self.assertEqual(self.names_of(Filters=f("name", "prod/")),
                         ["prod/db/password", "prod/api/key"])
        self.assertEqual(self.names_of(Filters=f("name", "prod/", "dev/db")),
                         ["prod/db/password", "prod/api/key", "dev/db/password"])
        self.assertEqual(self.names_of(Filters=f("name", "!prod/")),
                         ["dev/db/password", "dev/api/key", "shared/token"])
        self.assertEqual(self.names_of(Filters=f("tag-key", "Tea")), self.names)
        self.assertEqual(self.names_of(Filters=f("tag-value", "core")),
                         ["prod/api/key", "dev/api/key"])
        self.assertEqual(self.names_of(Filters=f("description", "SHARED")),
                         ["shared/token"])
        # two filters AND
        self.assertEqual(self.names_of(Filters=f("name", "dev/") + f("tag-value", "edge")),
                         ["dev/db/password"])
        self.assertEqual(self.names_of(Filters=f("all", "password")),
                         ["prod/db/password", "dev/db/password"])

    def test_paging_by_hand_and_with_paginator(self):
        c = self.client
        seen, token = [], None
        while True:
            kw = {"MaxResults": 2}
            if token:
                kw["NextToken"] = token
            page = c.list_secrets(**kw)
            self.assertLessEqual(len(page["SecretList"]), 2)
            seen += [s["Name"] for s in page["SecretList"]]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(seen, self.names)

        self.assertTrue(c.can_paginate("list_secrets"))
        self.assertFalse(c.can_paginate("get_secret_value"))
        paginator = c.get_paginator("list_secrets")
        pages = list(paginator.paginate(PaginationConfig={"PageSize": 2}))
        self.assertEqual([len(p["SecretList"]) for p in pages], [2, 2, 1])
        self.assertEqual([s["Name"] for p in pages for s in p["SecretList"]], self.names)
        for p in pages:
            self.assertEqual(p["ResponseMetadata"]["HTTPStatusCode"], 200)
        # filters go through the paginator
        pages = list(paginator.paginate(Filters=[{"Key": "name", "Values": ["dev/"]}],
                                        PaginationConfig={"PageSize": 1}))
        self.assertEqual([s["Name"] for p in pages for s in p["SecretList"]],
                         ["dev/db/password", "dev/api/key"])
        # MaxItems cuts the listing; StartingToken resumes it
        it = paginator.paginate(PaginationConfig={"PageSize": 2, "MaxItems": 3})
        full = it.build_full_result()
        self.assertEqual([s["Name"] for s in full["SecretList"]], self.names[:3])
        self.assertIn("NextToken", full)
        rest = paginator.paginate(PaginationConfig={"PageSize": 2,
                                                    "StartingToken": full["NextToken"]})
        self.assertEqual([s["Name"] for s in rest.build_full_result()["SecretList"]],
                         self.names[3:])
        # a raw NextToken works as a StartingToken too
        first = c.list_secrets(MaxResults=4)
        rest = paginator.paginate(PaginationConfig={"StartingToken": first["NextToken"]})
        self.assertEqual([s["Name"] for s in rest.build_full_result()["SecretList"]],
                         self.names[4:])
        with self.assertRaises(secretvault.exceptions.OperationNotPageableError):
            c.get_paginator("describe_secret")

    def test_other_paginators(self):
        c = self.client
        for i in range(4):
            c.put_secret_value(SecretId="shared/token", SecretString="n%d" % i)
        pages = list(c.get_paginator("list_secret_version_ids").paginate(
            SecretId="shared/token", IncludeDeprecated=True,
            PaginationConfig={"PageSize": 2}))
        self.assertEqual(sum(len(p["Versions"]) for p in pages), 5)
        self.assertTrue(all(p["Name"] == "shared/token" for p in pages))
        full = c.get_paginator("batch_get_secret_value").paginate(
            Filters=[{"Key": "name", "Values": ["prod/", "dev/"]}],
            PaginationConfig={"PageSize": 1}).build_full_result()
        self.assertEqual(sorted(v["Name"] for v in full["SecretValues"]),
                         sorted(self.names[:4]))
        self.assertEqual(full["Errors"], [])

    def test_list_secret_version_ids_include_deprecated(self):
        c = self.client
        for i in range(3):
            c.put_secret_value(SecretId="shared/token", SecretString="n%d" % i)
        plain = c.list_secret_version_ids(SecretId="shared/token")["Versions"]
        full = c.list_secret_version_ids(SecretId="shared/token",
                                         IncludeDeprecated=True)["Versions"]
        self.assertEqual(len(plain), 2)
        self.assertEqual(len(full), 4)
        deprecated = [v for v in full if "VersionStages" not in v]
        self.assertEqual(len(deprecated), 2)
        for v in full:
            self.assertEqual(v["KmsKeyIds"], ["DefaultEncryptionKey"])
            self.assertIsInstance(v["CreatedDate"], datetime.datetime)

    def test_batch_get(self):
        c = self.client
        r = c.batch_get_secret_value(SecretIdList=["prod/db/password", "missing"])
        self.assertEqual([v["SecretString"] for v in r["SecretValues"]], ["v0"])
        self.assertEqual(r["Errors"], [{
            "SecretId": "missing", "ErrorCode": "ResourceNotFoundException",
            "Message": "Secrets Manager can't find the specified secret."}])

    def test_tags(self):
        c = self.client
        c.tag_resource(SecretId="shared/token", Tags=[{"Key": "env", "Value": "all"},
                                                      {"Key": "new", "Value": "1"}])
        tags = {t["Key"]: t["Value"] for t in c.describe_secret(SecretId="shared/token")["Tags"]}
        self.assertEqual(tags, {"env": "all", "Team": "edge", "new": "1"})
        r = c.untag_resource(SecretId="shared/token", TagKeys=["env", "Team", "new", "absent"])
        self.assertEqual(list(r), ["ResponseMetadata"])
        self.assertEqual(c.describe_secret(SecretId="shared/token")["Tags"], [])

    def test_random_password(self):
        c = self.client
        p = c.get_random_password()["RandomPassword"]
        self.assertEqual(len(p), 32)
        p = c.get_random_password(PasswordLength=50, ExcludePunctuation=True,
                                  ExcludeCharacters="abc")["RandomPassword"]
        self.assertEqual(len(p), 50)
        self.assertTrue(p.isalnum())
        self.assertFalse(set(p) & set("abc"))


class DeleteTest(VaultTestCase):
    def setUp(self):
        self.clock = FakeClock()
        self.vault_kwargs = {"clock": self.clock}
        super().setUp()
        self.client.create_secret(Name="doomed", SecretString="bye")

    def test_delete_with_window_then_restore(self):
        c = self.client
        r = c.delete_secret(SecretId="doomed", RecoveryWindowInDays=7)
        self.assertEqual(r["Name"], "doomed")
        self.assertIsInstance(r["DeletionDate"], datetime.datetime)
        self.assertAlmostEqual(r["DeletionDate"].timestamp(),
                               self.clock.now + 7 * 86400, delta=0.01)
        self.assertClientError(
            c.exceptions.InvalidRequestException, "InvalidRequestException",
            "You can't perform this operation on the secret because it was marked "
            "for deletion.", c.get_secret_value, SecretId="doomed")
        d = c.describe_secret(SecretId="doomed")
        self.assertIn("DeletedDate", d)
        self.assertEqual(c.list_secrets()["SecretList"], [])
        self.assertEqual([s["Name"] for s in c.list_secrets(IncludePlannedDeletion=True)
                          ["SecretList"]], ["doomed"])
        self.assertClientError(
            c.exceptions.InvalidRequestException, "InvalidRequestException",
            "You can't create this secret because a secret with this name is already "
            "scheduled for deletion.", c.create_secret, Name="doomed", SecretString="x")
        r = c.restore_secret(SecretId="doomed")
        self.assertEqual(set(r), {"ARN", "Name", "ResponseMetadata"})
        self.assertEqual(c.get_secret_value(SecretId="doomed")["SecretString"], "bye")
        self.assertNotIn("DeletedDate", c.describe_secret(SecretId="doomed"))

    def test_default_window_is_30_days(self):
        r = self.client.delete_secret(SecretId="doomed")
        self.assertAlmostEqual(r["DeletionDate"].timestamp(),
                               self.clock.now + 30 * 86400, delta=0.01)

    def test_window_passes(self):
        c = self.client
        c.delete_secret(SecretId="doomed", RecoveryWindowInDays=7)
        self.clock.advance(8 * 86400)
        self.assertEqual(self.vault.purge(), 1)
        self.assertClientError(c.exceptions.ResourceNotFoundException,
                               "ResourceNotFoundException",
                               "Secrets Manager can't find the specified secret.",
                               c.restore_secret, SecretId="doomed")

    def test_force_delete(self):
        c = self.client
        r = c.delete_secret(SecretId="doomed", ForceDeleteWithoutRecovery=True)
        self.assertIn("DeletionDate", r)
        self.assertClientError(c.exceptions.ResourceNotFoundException,
                               "ResourceNotFoundException",
                               "Secrets Manager can't find the specified secret.",
                               c.describe_secret, SecretId="doomed")
        # the name is free again at once
        c.create_secret(Name="doomed", SecretString="again")
        self.assertEqual(c.get_secret_value(SecretId="doomed")["SecretString"], "again")

    def test_force_delete_of_scheduled_secret(self):
        c = self.client
        c.delete_secret(SecretId="doomed", RecoveryWindowInDays=10)
        c.delete_secret(SecretId="doomed", ForceDeleteWithoutRecovery=True)
        self.assertEqual(c.list_secrets(IncludePlannedDeletion=True)["SecretList"], [])


if __name__ == "__main__":
    unittest.main()
