"""The request shapes of the secretsmanager API (2017-10-17) and a
validator that refuses bad arguments the way botocore's ParamValidator
does, before anything reaches the library.

Shapes are tuples:
  ("string", min_len) ("blob",) ("boolean",) ("integer", min_value)
  ("list", member_shape, min_len) ("structure", {name: shape}, required)
"""

from .exceptions import ParamValidationError

_S = ("string", None)
_S1 = ("string", 1)
_S0 = ("string", 0)
_TOKEN = ("string", 32)
_VID = ("string", 32)
_BOOL = ("boolean",)
_BLOB = ("blob",)
_TAG = ("structure", {"Key": _S1, "Value": _S0}, ())
_TAGS = ("list", _TAG, None)
_FILTER = ("structure", {"Key": _S, "Values": ("list", _S, 1)}, ())
_FILTERS = ("list", _FILTER, None)
_REPLICA = ("structure", {"Region": _S1, "KmsKeyId": _S0}, ())


def _op(members, required=()):
    return ("structure", members, tuple(required))


OPERATIONS = {
    "BatchGetSecretValue": _op({
        "SecretIdList": ("list", _S1, 1), "Filters": _FILTERS,
        "MaxResults": ("integer", 1), "NextToken": _S1}),
    "CancelRotateSecret": _op({"SecretId": _S1}, ["SecretId"]),
    "CreateSecret": _op({
        "Name": _S1, "ClientRequestToken": _TOKEN, "Description": _S,
        "KmsKeyId": _S0, "SecretBinary": _BLOB, "SecretString": _S1,
        "Tags": _TAGS, "AddReplicaRegions": ("list", _REPLICA, 1),
        "ForceOverwriteReplicaSecret": _BOOL, "Type": _S0}, ["Name"]),
    "DeleteResourcePolicy": _op({"SecretId": _S1}, ["SecretId"]),
    "DeleteSecret": _op({
        "SecretId": _S1, "RecoveryWindowInDays": ("integer", None),
        "ForceDeleteWithoutRecovery": _BOOL}, ["SecretId"]),
    "DescribeSecret": _op({"SecretId": _S1}, ["SecretId"]),
    "GetRandomPassword": _op({
        "PasswordLength": ("integer", 1), "ExcludeCharacters": _S0,
        "ExcludeNumbers": _BOOL, "ExcludePunctuation": _BOOL,
        "ExcludeUppercase": _BOOL, "ExcludeLowercase": _BOOL,
        "IncludeSpace": _BOOL, "RequireEachIncludedType": _BOOL}),
    "GetResourcePolicy": _op({"SecretId": _S1}, ["SecretId"]),
    "GetSecretValue": _op({
        "SecretId": _S1, "VersionId": _VID, "VersionStage": _S1},
        ["SecretId"]),
    "ListSecretVersionIds": _op({
        "SecretId": _S1, "MaxResults": ("integer", 1), "NextToken": _S1,
        "IncludeDeprecated": _BOOL}, ["SecretId"]),
    "ListSecrets": _op({
        "IncludePlannedDeletion": _BOOL, "MaxResults": ("integer", 1),
        "NextToken": _S1, "Filters": _FILTERS, "SortOrder": _S,
        "SortBy": _S}),
    "PutResourcePolicy": _op({
        "SecretId": _S1, "ResourcePolicy": _S1, "BlockPublicPolicy": _BOOL},
        ["SecretId", "ResourcePolicy"]),
    "PutSecretValue": _op({
        "SecretId": _S1, "ClientRequestToken": _TOKEN,
        "SecretBinary": _BLOB, "SecretString": _S1,
        "VersionStages": ("list", _S1, 1), "RotationToken": ("string", 36)},
        ["SecretId"]),
    "RemoveRegionsFromReplication": _op({
        "SecretId": _S1, "RemoveReplicaRegions": ("list", _S1, 1)},
        ["SecretId", "RemoveReplicaRegions"]),
    "ReplicateSecretToRegions": _op({
        "SecretId": _S1, "AddReplicaRegions": ("list", _REPLICA, 1),
        "ForceOverwriteReplicaSecret": _BOOL},
        ["SecretId", "AddReplicaRegions"]),
    "RestoreSecret": _op({"SecretId": _S1}, ["SecretId"]),
    "RotateSecret": _op({
        "SecretId": _S1, "ClientRequestToken": _TOKEN,
        "RotationLambdaARN": _S0,
        "RotationRules": ("structure", {
            "AutomaticallyAfterDays": ("integer", 1),
            "Duration": ("string", 2), "ScheduleExpression": _S1}, ()),
        "ExternalSecretRotationMetadata": ("list", ("structure", {
            "Key": _S1, "Value": _S1}, ()), None),
        "ExternalSecretRotationRoleArn": ("string", 20),
        "RotateImmediately": _BOOL}, ["SecretId"]),
    "StopReplicationToReplica": _op({"SecretId": _S1}, ["SecretId"]),
    "TagResource": _op({"SecretId": _S1, "Tags": _TAGS},
                       ["SecretId", "Tags"]),
    "UntagResource": _op({"SecretId": _S1, "TagKeys": ("list", _S1, None)},
                         ["SecretId", "TagKeys"]),
    "UpdateSecret": _op({
        "SecretId": _S1, "ClientRequestToken": _TOKEN, "Description": _S,
        "KmsKeyId": _S0, "SecretBinary": _BLOB, "SecretString": _S1,
        "Type": _S0}, ["SecretId"]),
    "UpdateSecretVersionStage": _op({
        "SecretId": _S1, "VersionStage": _S1, "RemoveFromVersionId": _VID,
        "MoveToVersionId": _VID}, ["SecretId", "VersionStage"]),
    "ValidateResourcePolicy": _op({
        "SecretId": _S1, "ResourcePolicy": _S1}, ["ResourcePolicy"]),
}

#: Operations whose ClientRequestToken botocore fills with a UUID4.
IDEMPOTENT = ("CreateSecret", "PutSecretValue", "UpdateSecret", "RotateSecret")

_VALID_TYPES = {
    "string": "<class 'str'>",
    "boolean": "<class 'bool'>",
    "integer": "<class 'int'>",
    "list": "<class 'list'>, <class 'tuple'>",
    "structure": "<class 'dict'>",
    "blob": "<class 'bytes'>, <class 'bytearray'>, file-like object",
}


def _name(name):
    if not name:
        return "input"
    return name[1:] if name.startswith(".") else name


def _check(value, shape, name, errors):
    kind = shape[0]

    def bad_type():
        errors.append("Invalid type for parameter %s, value: %s, type: %s, "
                      "valid types: %s" % (_name(name), value, type(value),
                                           _VALID_TYPES[kind]))

    if kind == "structure":
        if not isinstance(value, dict):
            return bad_type()
        members, required = shape[1], shape[2]
        for req in required:
            if req not in value:
                errors.append('Missing required parameter in %s: "%s"'
                              % (_name(name), req))
        known = []
        for key in value:
            if key not in members:
                errors.append('Unknown parameter in %s: "%s", must be one of: %s'
                              % (_name(name), key, ", ".join(members)))
            else:
                known.append(key)
        for key in known:
            _check(value[key], members[key], "%s.%s" % (name, key), errors)
    elif kind == "list":
        if not isinstance(value, (list, tuple)):
            return bad_type()
        if shape[2] is not None and len(value) < shape[2]:
            errors.append("Invalid length for parameter %s, value: %d, valid "
                          "min length: %d" % (_name(name), len(value), shape[2]))
        for i, item in enumerate(value):
            _check(item, shape[1], "%s[%d]" % (name, i), errors)
    elif kind == "string":
        if not isinstance(value, str):
            return bad_type()
        if shape[1] is not None and len(value) < shape[1]:
            errors.append("Invalid length for parameter %s, value: %d, valid "
                          "min length: %d" % (_name(name), len(value), shape[1]))
        if "\x00" in value:
            # Not botocore's: the library's JSON parser would cut the text
            # at the NUL, so refuse it rather than store or look up less.
            errors.append("Invalid value for parameter %s: it contains a NUL "
                          "character, which libsecretvault cannot take in a "
                          "string (use SecretBinary for such values)"
                          % _name(name))
    elif kind == "integer":
        if not isinstance(value, int):
            return bad_type()
        if shape[1] is not None and value < shape[1]:
            errors.append("Invalid value for parameter %s, value: %s, valid "
                          "min value: %s" % (_name(name), value, shape[1]))
    elif kind == "boolean":
        if not isinstance(value, bool):
            return bad_type()
    elif kind == "blob":
        if isinstance(value, (bytes, bytearray, str)) or hasattr(value, "read"):
            return None
        return bad_type()
    return None


def validate(operation, params):
    """Raise ParamValidationError as botocore would for @params."""
    errors = []
    _check(params, OPERATIONS[operation], "", errors)
    if errors:
        raise ParamValidationError("\n".join(errors))
