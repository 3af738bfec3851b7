"""Every error code mapped to botocore's exception class, with exact texts."""

import pickle
import unittest

import secretvault
from secretvault import exceptions as svx
from support import VaultTestCase

NOT_FOUND = "Secrets Manager can't find the specified secret."
MARKED = ("You can't perform this operation on the secret because it was marked "
          "for deletion.")


class ErrorMappingTest(VaultTestCase):
    def setUp(self):
        super().setUp()
        self.arn = self.client.create_secret(
            Name="s", SecretString="v", ClientRequestToken="t" * 32)["ARN"]

    def check(self, cls_name, message, op_name, fn, **kwargs):
        cls = getattr(self.client.exceptions, cls_name)
        err = self.assertClientError(cls, cls_name, message, fn, **kwargs)
        self.assertEqual(err.operation_name, op_name)
        self.assertEqual(str(err), "An error occurred (%s) when calling the %s "
                         "operation: %s" % (cls_name, op_name, message))
        meta = err.response["ResponseMetadata"]
        self.assertEqual(meta["HTTPStatusCode"], 400)
        self.assertEqual(meta["RetryAttempts"], 0)
        self.assertTrue(meta["RequestId"])
        self.assertIs(type(err), cls)
        self.assertIs(cls, getattr(svx, cls_name))
        return err

    def test_resource_not_found(self):
        c = self.client
        for op, fn in (("GetSecretValue", c.get_secret_value),
                       ("DescribeSecret", c.describe_secret),
                       ("PutSecretValue", lambda **kw: c.put_secret_value(SecretString="x", **kw)),
                       ("DeleteSecret", c.delete_secret),
                       ("RestoreSecret", c.restore_secret),
                       ("ListSecretVersionIds", c.list_secret_version_ids),
                       ("UpdateSecret", lambda **kw: c.update_secret(Description="d", **kw)),
                       ("TagResource", lambda **kw: c.tag_resource(Tags=[{"Key": "a", "Value": "b"}], **kw)),
                       ("UntagResource", lambda **kw: c.untag_resource(TagKeys=["a"], **kw))):
            self.check("ResourceNotFoundException", NOT_FOUND, op, fn, SecretId="nope")
        self.check("ResourceNotFoundException",
                   "Secrets Manager can't find the specified secret value for staging "
                   "label: AWSPENDING", "GetSecretValue", c.get_secret_value,
                   SecretId="s", VersionStage="AWSPENDING")
        self.check("ResourceNotFoundException",
                   "Secrets Manager can't find the specified secret value for VersionId: "
                   + "z" * 32, "GetSecretValue", c.get_secret_value,
                   SecretId="s", VersionId="z" * 32)

    def test_resource_exists(self):
        c = self.client
        self.check("ResourceExistsException",
                   "The operation failed because the secret s already exists.",
                   "CreateSecret", c.create_secret, Name="s", SecretString="w")
        self.check("ResourceExistsException",
                   "You can't use ClientRequestToken %s because that value is already in "
                   "use for a version of secret %s." % ("t" * 32, self.arn),
                   "CreateSecret", c.create_secret, Name="s", SecretString="other",
                   ClientRequestToken="t" * 32)

    def test_invalid_parameter(self):
        c = self.client
        self.check("InvalidParameterException",
                   "You can't specify both a binary secret value and a string secret "
                   "value in the same secret.", "CreateSecret", c.create_secret,
                   Name="both", SecretString="a", SecretBinary=b"b")
        self.check("InvalidParameterException",
                   "You can't use ForceDeleteWithoutRecovery in conjunction with "
                   "RecoveryWindowInDays.", "DeleteSecret", c.delete_secret,
                   SecretId="s", RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True)
        self.check("InvalidParameterException",
                   "The RecoveryWindowInDays value must be between 7 and 30 days "
                   "(inclusive).", "DeleteSecret", c.delete_secret,
                   SecretId="s", RecoveryWindowInDays=3)
        self.check("InvalidParameterException",
                   "Either 'SecretIdList' or 'Filters' must be provided, but not both.",
                   "BatchGetSecretValue", c.batch_get_secret_value,
                   SecretIdList=["s"], Filters=[{"Key": "name", "Values": ["s"]}])
        self.check("InvalidParameterException",
                   "Password length is too short based on the required types.",
                   "GetRandomPassword", c.get_random_password, PasswordLength=3)
        self.check("InvalidParameterException",
                   "Tag keys beginning with aws: are reserved for AWS use.",
                   "TagResource", c.tag_resource, SecretId="s",
                   Tags=[{"Key": "aws:x", "Value": "y"}])

    def test_invalid_request(self):
        c = self.client
        self.check("InvalidRequestException",
                   "You must provide either SecretString or SecretBinary.",
                   "PutSecretValue", c.put_secret_value, SecretId="s")
        self.check("InvalidRequestException",
                   "You provided a VersionStage that is not associated to the provided "
                   "VersionId.", "GetSecretValue", c.get_secret_value, SecretId="s",
                   VersionId="t" * 32, VersionStage="AWSPREVIOUS")
        c.delete_secret(SecretId="s")
        for op, fn in (("GetSecretValue", c.get_secret_value),
                       ("PutSecretValue", lambda **kw: c.put_secret_value(SecretString="x", **kw)),
                       ("UpdateSecret", lambda **kw: c.update_secret(Description="x", **kw)),
                       ("TagResource", lambda **kw: c.tag_resource(Tags=[{"Key": "a", "Value": "b"}], **kw)),
                       ("UntagResource", lambda **kw: c.untag_resource(TagKeys=["a"], **kw))):
            self.check("InvalidRequestException", MARKED, op, fn, SecretId="s")
        self.check("InvalidRequestException",
                   "You can't create this secret because a secret with this name is "
                   "already scheduled for deletion.", "CreateSecret", c.create_secret,
                   Name="s", SecretString="x")
        # a raw wire request without the token the SDKs fill in
        with self.assertRaises(c.exceptions.InvalidRequestException) as cm:
            self.vault.call("CreateSecret", {"Name": "raw", "SecretString": "x"})
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         "You must provide a ClientRequestToken value. We recommend a "
                         "UUID-type value.")

    def test_unsupported_operation(self):
        c = self.client
        self.check("InvalidRequestException",
                   "The operation RotateSecret is not supported by libsecretvault.",
                   "RotateSecret", c.rotate_secret, SecretId="s")

    def test_validation(self):
        c = self.client
        invalid = ("Invalid name. Must be a valid name containing alphanumeric "
                   "characters, or any of the following: -/_+=.@!")
        self.check("ValidationException", invalid, "CreateSecret", c.create_secret,
                   Name="has space", SecretString="x")
        self.check("ValidationException", invalid, "GetSecretValue",
                   c.get_secret_value, SecretId="bad*name")
        self.check("ValidationException",
                   "1 validation error detected: Value '101' at 'maxResults' failed to "
                   "satisfy constraint: Member must have value less than or equal to 100",
                   "ListSecrets", c.list_secrets, MaxResults=101)
        self.check("ValidationException",
                   "1 validation error detected: Value 'bogus' at 'filters.1.member.key' "
                   "failed to satisfy constraint: Member must satisfy enum value set: "
                   "[all, name, tag-key, description, tag-value, primary-region, "
                   "owning-service]", "ListSecrets", c.list_secrets,
                   Filters=[{"Key": "bogus", "Values": ["a"]}])
        self.check("ValidationException",
                   "1 validation error detected: Value '5000' at 'passwordLength' failed "
                   "to satisfy constraint: Member must have value less than or equal to "
                   "4096", "GetRandomPassword", c.get_random_password,
                   PasswordLength=5000)
        # ValidationException is not modeled by boto3 either: still a ClientError
        self.assertTrue(issubclass(c.exceptions.ValidationException,
                                   secretvault.ClientError))

    def test_limit_exceeded(self):
        c = self.client
        self.check("LimitExceededException",
                   "You can't add more than 50 tags to a secret.", "TagResource",
                   c.tag_resource, SecretId="s",
                   Tags=[{"Key": "k%d" % i, "Value": "v"} for i in range(51)])
        for i in range(19):
            c.put_secret_value(SecretId="s", SecretString="v%d" % i,
                               VersionStages=["L%d" % i])
        self.check("LimitExceededException",
                   "You have attached the maximum number of staging labels (20) to this "
                   "secret.", "PutSecretValue", c.put_secret_value, SecretId="s",
                   SecretString="over", VersionStages=["L19"])

    def test_invalid_next_token(self):
        c = self.client
        msg = "The NextToken value is not valid."
        self.check("InvalidNextTokenException", msg, "ListSecrets",
                   c.list_secrets, NextToken="garbage")
        self.check("InvalidNextTokenException", msg, "ListSecretVersionIds",
                   c.list_secret_version_ids, SecretId="s", NextToken="garbage")

    def test_except_client_error_and_code(self):
        try:
            self.client.get_secret_value(SecretId="nope")
        except secretvault.ClientError as e:
            self.assertEqual(e.response["Error"]["Code"], "ResourceNotFoundException")
            self.assertEqual(e.response["Message"], NOT_FOUND)  # modeled member
        else:
            self.fail("no exception")


class ExceptionClassesTest(unittest.TestCase):
    MODELED = ["DecryptionFailure", "EncryptionFailure", "InternalServiceError",
               "InvalidNextTokenException", "InvalidParameterException",
               "InvalidRequestException", "LimitExceededException",
               "MalformedPolicyDocumentException", "PreconditionNotMetException",
               "PublicPolicyException", "ResourceExistsException",
               "ResourceNotFoundException"]

    def test_namespace(self):
        ns = secretvault.SecretsManagerClient.exceptions
        for name in self.MODELED + ["ValidationException"]:
            cls = getattr(ns, name)
            self.assertTrue(issubclass(cls, secretvault.ClientError), name)
            self.assertIs(ns.from_code(name), cls)
            self.assertIs(getattr(secretvault.exceptions, name), cls)
        self.assertIs(ns.ClientError, secretvault.ClientError)
        self.assertIs(ns.from_code("NoSuchCode"), secretvault.ClientError)
        self.assertIs(secretvault.exceptions.ClientError, secretvault.ClientError)

    def test_matches_botocore_model_when_installed(self):
        try:
            import botocore.session
        except ImportError:
            self.skipTest("botocore is not installed")
        model = botocore.session.get_session().get_service_model("secretsmanager")
        modeled = sorted(s.name for s in model.error_shapes)
        self.assertEqual(modeled, sorted(self.MODELED))

    def test_botocore_client_error_catches_ours(self):
        if not svx.BOTOCORE_BASES:
            self.skipTest("botocore is not installed")
        import botocore.exceptions
        self.assertTrue(issubclass(secretvault.ClientError,
                                   botocore.exceptions.ClientError))
        self.assertTrue(issubclass(secretvault.ParamValidationError,
                                   botocore.exceptions.ParamValidationError))
        e = svx.make_client_error("ResourceNotFoundException", "gone", "GetSecretValue")
        try:
            raise e
        except botocore.exceptions.ClientError as caught:
            self.assertEqual(caught.response["Error"]["Code"], "ResourceNotFoundException")
            self.assertEqual(str(caught), "An error occurred (ResourceNotFoundException) "
                             "when calling the GetSecretValue operation: gone")

    def test_constructed_like_botocore(self):
        resp = {"Error": {"Code": "ResourceNotFoundException", "Message": "gone"},
                "ResponseMetadata": {"RetryAttempts": 2}}
        e = svx.ResourceNotFoundException(resp, "GetSecretValue")
        self.assertEqual(str(e), "An error occurred (ResourceNotFoundException) when "
                         "calling the GetSecretValue operation (reached max retries: 2): gone")
        e2 = pickle.loads(pickle.dumps(e))
        self.assertIs(type(e2), svx.ResourceNotFoundException)
        self.assertEqual(e2.response, resp)
        self.assertEqual(e2.operation_name, "GetSecretValue")

    def test_internal_service_error_status(self):
        e = svx.make_client_error("InternalServiceError", "boom", "X")
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 500)


class ParamValidationTest(VaultTestCase):
    def report(self, fn, **kwargs):
        with self.assertRaises(secretvault.ParamValidationError) as cm:
            fn(**kwargs)
        self.assertTrue(str(cm.exception).startswith("Parameter validation failed:\n"))
        return cm.exception.kwargs["report"]

    def test_reports_like_botocore(self):
        c = self.client
        self.assertEqual(self.report(c.get_secret_value, SecretId=1, Foo=2),
                         'Unknown parameter in input: "Foo", must be one of: SecretId, '
                         "VersionId, VersionStage\nInvalid type for parameter SecretId, "
                         "value: 1, type: <class 'int'>, valid types: <class 'str'>")
        self.assertEqual(self.report(c.get_secret_value),
                         'Missing required parameter in input: "SecretId"')
        self.assertEqual(self.report(c.list_secrets, MaxResults=0, NextToken=""),
                         "Invalid value for parameter MaxResults, value: 0, valid min "
                         "value: 1\nInvalid length for parameter NextToken, value: 0, "
                         "valid min length: 1")
        self.assertEqual(self.report(c.create_secret, Name="x", SecretBinary=1,
                                     Tags=[{"Key": 1}], SecretString=""),
                         "Invalid type for parameter SecretBinary, value: 1, type: "
                         "<class 'int'>, valid types: <class 'bytes'>, <class "
                         "'bytearray'>, file-like object\nInvalid type for parameter "
                         "Tags[0].Key, value: 1, type: <class 'int'>, valid types: "
                         "<class 'str'>\nInvalid length for parameter SecretString, "
                         "value: 0, valid min length: 1")
        self.assertEqual(self.report(c.list_secrets, Filters=[{"Kex": "a"}]),
                         'Unknown parameter in Filters[0]: "Kex", must be one of: Key, Values')
        self.assertEqual(self.report(c.put_secret_value, SecretId="x", VersionStages=[]),
                         "Invalid length for parameter VersionStages, value: 0, valid "
                         "min length: 1")
        self.assertEqual(self.report(c.create_secret, Name="x", ClientRequestToken="short"),
                         "Invalid length for parameter ClientRequestToken, value: 5, "
                         "valid min length: 32")

    def test_same_reports_as_botocore_when_installed(self):
        try:
            from botocore.validate import ParamValidator
            import botocore.session
        except ImportError:
            self.skipTest("botocore is not installed")
        model = botocore.session.get_session().get_service_model("secretsmanager")
        from secretvault import _shapes
        cases = [
            ("GetSecretValue", {"SecretId": 1, "Foo": 2}),
            ("GetSecretValue", {}),
            ("ListSecrets", {"MaxResults": 0, "NextToken": "", "Filters": {}}),
            ("ListSecrets", {"Filters": [{"Key": "name", "Values": []}],
                             "IncludePlannedDeletion": 1}),
            ("CreateSecret", {"Name": "x", "SecretBinary": 1, "Tags": [{"Key": ""}]}),
            ("TagResource", {"SecretId": "x", "Tags": "a"}),
            ("DeleteSecret", {"SecretId": "x", "RecoveryWindowInDays": 7.0}),
            ("RotateSecret", {"SecretId": "x", "RotationRules": {"AutomaticallyAfterDays": 0}}),
            ("UpdateSecretVersionStage", {"SecretId": "x"}),
            ("GetRandomPassword", {"PasswordLength": 0, "IncludeSpace": "yes"}),
        ]
        self.assertEqual(sorted(_shapes.OPERATIONS), sorted(model.operation_names))
        for op, params in cases:
            want = ParamValidator().validate(
                params, model.operation_model(op).input_shape).generate_report()
            try:
                _shapes.validate(op, params)
                got = ""
            except secretvault.ParamValidationError as e:
                got = e.kwargs["report"]
            self.assertEqual(got, want, op)
        for op in model.operation_names:
            shape = model.operation_model(op).input_shape
            self.assertEqual(list(_shapes.OPERATIONS[op][1]), list(shape.members), op)
            self.assertEqual(sorted(_shapes.OPERATIONS[op][2]),
                             sorted(shape.required_members), op)

    def test_nul_characters_refused(self):
        # The library's JSON parser would cut these strings short.
        c = self.client
        c.create_secret(Name="n", SecretString="x")
        self.assertIn("NUL", self.report(c.create_secret, Name="m", SecretString="a\x00b"))
        self.assertIn("NUL", self.report(c.get_secret_value, SecretId="n\x00ignored"))


if __name__ == "__main__":
    unittest.main()
