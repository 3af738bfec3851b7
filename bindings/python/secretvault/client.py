"""SecretsManagerClient: the boto3 ``secretsmanager`` client, on a vault.

Every method takes boto3's keyword arguments, builds the AWS JSON request
body, runs it through the library's ``sv_call`` and returns what boto3
returns:

* dates (``CreatedDate``, ``LastChangedDate``, ``LastAccessedDate``,
  ``DeletedDate``, ``DeletionDate``, also inside ``SecretList``,
  ``Versions`` and ``SecretValues``) as timezone-aware ``datetime`` objects
  in the local time zone.  botocore uses ``dateutil.tz.tzlocal()``; this
  binding, using the standard library only, returns
  ``datetime.fromtimestamp(x, timezone.utc).astimezone()``, i.e. a
  ``datetime.timezone`` with the local UTC offset in effect at that
  instant.  Both compare equal for the same instant;
* ``SecretBinary`` as ``bytes`` (you may pass bytes, bytearray, str or a
  binary file object);
* a ``ResponseMetadata`` dict (``RequestId``, ``HTTPStatusCode`` 200,
  ``HTTPHeaders``, ``RetryAttempts`` 0).

``ClientRequestToken`` is filled with a fresh UUID4 when omitted, as
botocore does for CreateSecret, PutSecretValue, UpdateSecret and
RotateSecret.  Arguments are validated first (``ParamValidationError``);
failures raise ``client.exceptions.<Code>``, subclasses of ``ClientError``.
"""

import base64
import datetime
import json
import uuid
import ctypes

from . import _lib, _shapes
from .exceptions import (ClientExceptions, OperationNotPageableError,
                         ParamValidationError, response_metadata)
from .property import get_property

__all__ = ["SecretsManagerClient", "Paginator", "PageIterator"]

DATE_KEYS = frozenset(("CreatedDate", "LastChangedDate", "LastAccessedDate",
                       "DeletedDate", "DeletionDate", "LastRotatedDate",
                       "NextRotationDate"))

# snake_case method -> AWS operation, in boto3's order.
OPERATION_NAMES = {
    "batch_get_secret_value": "BatchGetSecretValue",
    "cancel_rotate_secret": "CancelRotateSecret",
    "create_secret": "CreateSecret",
    "delete_resource_policy": "DeleteResourcePolicy",
    "delete_secret": "DeleteSecret",
    "describe_secret": "DescribeSecret",
    "get_random_password": "GetRandomPassword",
    "get_resource_policy": "GetResourcePolicy",
    "get_secret_value": "GetSecretValue",
    "list_secret_version_ids": "ListSecretVersionIds",
    "list_secrets": "ListSecrets",
    "put_resource_policy": "PutResourcePolicy",
    "put_secret_value": "PutSecretValue",
    "remove_regions_from_replication": "RemoveRegionsFromReplication",
    "replicate_secret_to_regions": "ReplicateSecretToRegions",
    "restore_secret": "RestoreSecret",
    "rotate_secret": "RotateSecret",
    "stop_replication_to_replica": "StopReplicationToReplica",
    "tag_resource": "TagResource",
    "untag_resource": "UntagResource",
    "update_secret": "UpdateSecret",
    "update_secret_version_stage": "UpdateSecretVersionStage",
    "validate_resource_policy": "ValidateResourcePolicy",
}

# operation -> (result keys, non-aggregate keys kept by build_full_result)
PAGINATORS = {
    "list_secrets": ("ListSecrets", ("SecretList",), ()),
    "list_secret_version_ids": ("ListSecretVersionIds", ("Versions",),
                                ("ARN", "Name")),
    "batch_get_secret_value": ("BatchGetSecretValue",
                               ("SecretValues", "Errors"), ()),
}


def to_datetime(seconds):
    """An epoch number as botocore shows it: aware, in local time."""
    return datetime.datetime.fromtimestamp(
        seconds, datetime.timezone.utc).astimezone()


def _parse(obj):
    """Wire shapes to boto3 shapes (dates, SecretBinary), in place."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in DATE_KEYS and isinstance(v, (int, float)) \
                    and not isinstance(v, bool):
                obj[k] = to_datetime(v)
            elif k == "SecretBinary" and isinstance(v, str):
                obj[k] = base64.b64decode(v)
            elif isinstance(v, (dict, list)):
                _parse(v)
    elif isinstance(obj, list):
        for v in obj:
            if isinstance(v, (dict, list)):
                _parse(v)
    return obj


def _blob(value):
    if hasattr(value, "read"):
        value = value.read()
    if isinstance(value, str):
        value = value.encode("utf-8")
    return base64.b64encode(bytes(value)).decode("ascii")


class SecretValueResponse(dict):
    """The dict GetSecretValue returns, plus :meth:`property`."""

    def property(self, path):
        """A property of the JSON SecretString (External Secrets grammar:
        a top-level key equal to ``path`` wins; else ``a.b.0`` with ``\\.``
        for a literal dot and ``#`` for an array's length).  Strings come
        back as their text, anything else as compact JSON."""
        value = self.get("SecretString")
        if value is None:
            value = self.get("SecretBinary", b"")
        return get_property(value, path, secret_name=self.get("Name"))


class _Meta:
    def __init__(self, client):
        self._client = client
        self.service_model = None
        self.partition = "aws"
        self.endpoint_url = None
        self.config = None
        self.events = None

    @property
    def region_name(self):
        return self._client._vault.region

    @property
    def method_to_api_mapping(self):
        return dict(OPERATION_NAMES)


def _make_method(py_name, op_name):
    def method(self, *args, **kwargs):
        if args:
            raise TypeError("%s() only accepts keyword arguments." % py_name)
        return self._api_call(op_name, kwargs)
    method.__name__ = py_name
    method.__qualname__ = "SecretsManagerClient." + py_name
    method.__doc__ = ("boto3 ``secretsmanager.%s``: the %s operation "
                      "(keyword arguments only)." % (py_name, op_name))
    return method


class SecretsManagerClient:
    """A boto3-compatible ``secretsmanager`` client on a :class:`Vault`.

    Thread-safe: calls take the vault's lock.  Made by ``vault.client()``
    or :func:`secretvault.client`.
    """

    exceptions = ClientExceptions()
    waiter_names = []

    def __init__(self, vault, owns_vault=False):
        self._vault = vault
        self._owns_vault = owns_vault
        self.meta = _Meta(self)

    def __repr__(self):
        return "<secretvault.SecretsManagerClient on %r>" % (self._vault,)

    @property
    def vault(self):
        return self._vault

    def close(self):
        """Close the vault if this client opened it (secretvault.client())."""
        if self._owns_vault:
            self._vault.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- the call path -------------------------------------------------

    def _api_call(self, op_name, params):
        if op_name in _shapes.IDEMPOTENT and "ClientRequestToken" not in params:
            params = dict(params, ClientRequestToken=str(uuid.uuid4()))
        _shapes.validate(op_name, params)
        request = dict(params)
        if "SecretBinary" in request:
            request["SecretBinary"] = _blob(request["SecretBinary"])
        data, length = self._vault._call(op_name, request)
        _parse(data)
        data["ResponseMetadata"] = response_metadata(200, length)
        if op_name == "GetSecretValue":
            data = SecretValueResponse(data)
        return data

    # ---- paginators and waiters ----------------------------------------

    def can_paginate(self, operation_name):
        return operation_name in PAGINATORS

    def get_paginator(self, operation_name):
        if operation_name not in PAGINATORS:
            raise OperationNotPageableError(operation_name)
        op, result_keys, keep = PAGINATORS[operation_name]
        return Paginator(getattr(self, operation_name), op, result_keys, keep)

    def get_waiter(self, waiter_name):
        raise ValueError("Waiter does not exist: %s" % waiter_name)

    # ---- beyond boto3: the library's JSON helpers -----------------------

    def get_secret_property(self, SecretId, Property, VersionId=None,
                            VersionStage=None):
        """One property of a JSON secret, extracted by the C library
        (``sv_value_property``, External Secrets grammar), as ``str``.

        Errors raise the same ClientError classes as GetSecretValue; a
        missing property raises ResourceNotFoundException and a malformed
        path or a value that is not JSON InvalidParameterException.
        """
        args = {"SecretId": SecretId}
        if VersionId is not None:
            args["VersionId"] = VersionId
        if VersionStage is not None:
            args["VersionStage"] = VersionStage
        _shapes.validate("GetSecretValue", args)
        if not isinstance(Property, str):
            raise TypeError("Property must be a str")
        if "\x00" in Property:
            raise ParamValidationError(
                "Invalid value for parameter Property: it contains a NUL character")

        def run(lib, handle):
            val = get_value(lib, handle, SecretId, VersionId, VersionStage,
                            "GetSecretProperty")
            prop = ctypes.c_void_p()
            try:
                rc = lib.sv_value_property(ctypes.byref(prop), val,
                                           Property.encode("utf-8"))
                if rc != _lib.SV_OK:
                    raise lib.client_error(rc, "GetSecretProperty")
                return value_bytes(lib, prop)
            finally:
                lib.sv_value_free(prop)
                lib.sv_value_free(val)
        return self._vault._with_handle(run).decode("utf-8")


for _py, _op in OPERATION_NAMES.items():
    setattr(SecretsManagerClient, _py, _make_method(_py, _op))
del _py, _op


def get_value(lib, handle, secret_id, version_id, version_stage, op_name):
    """sv_secret_get_value; the caller frees the result with sv_value_free."""
    for name, text in (("SecretId", secret_id), ("VersionId", version_id),
                       ("VersionStage", version_stage)):
        if text is not None and "\x00" in text:
            raise ParamValidationError(
                "Invalid value for parameter %s: it contains a NUL character"
                % name)
    opts = lib.get_options()
    opts.version_id = version_id.encode() if version_id else None
    opts.version_stage = version_stage.encode() if version_stage else None
    val = ctypes.c_void_p()
    rc = lib.sv_secret_get_value(ctypes.byref(val), handle,
                                 secret_id.encode("utf-8"), ctypes.byref(opts))
    if rc != _lib.SV_OK:
        raise lib.client_error(rc, op_name)
    return val


def value_bytes(lib, val):
    return ctypes.string_at(lib.sv_value_data(val), lib.sv_value_size(val))


# ---- Paginators -------------------------------------------------------------

def _encode_token(token):
    return base64.b64encode(json.dumps(token).encode("utf-8")).decode("ascii")


def _decode_token(text):
    """A StartingToken: botocore's base64 JSON, or a bare NextToken."""
    try:
        token = json.loads(base64.b64decode(text, validate=True).decode("utf-8"))
        if isinstance(token, dict) and "NextToken" in token:
            return token.get("NextToken"), int(token.get("boto_truncate_amount", 0))
    except (ValueError, TypeError, UnicodeDecodeError):
        pass
    return text, 0


class Paginator:
    """botocore.paginate.Paginator for one operation."""

    def __init__(self, method, op_name, result_keys, non_aggregate_keys):
        self._method = method
        self._op_name = op_name
        self._result_keys = result_keys
        self._non_aggregate_keys = non_aggregate_keys

    @property
    def result_keys(self):
        return list(self._result_keys)

    def paginate(self, **kwargs):
        config = kwargs.pop("PaginationConfig", None) or {}
        return PageIterator(self._method, self._op_name, self._result_keys,
                            self._non_aggregate_keys, kwargs,
                            config.get("MaxItems"), config.get("PageSize"),
                            config.get("StartingToken"))


class PageIterator:
    """Yields each page (a response dict) following NextToken.

    ``PaginationConfig`` is honoured as botocore does: ``PageSize``
    becomes MaxResults, ``MaxItems`` caps the items of the first result
    key (the last page is cut and ``resume_token`` set), ``StartingToken``
    resumes from a ``resume_token`` or a NextToken.
    """

    def __init__(self, method, op_name, result_keys, non_aggregate_keys,
                 params, max_items, page_size, starting_token):
        self._method = method
        self._op_name = op_name
        self._result_keys = result_keys
        self._non_aggregate_keys = non_aggregate_keys
        self._params = dict(params)
        self._max_items = max_items
        self._page_size = page_size
        self._starting_token = starting_token
        self.resume_token = None

    @property
    def result_keys(self):
        return list(self._result_keys)

    def __iter__(self):
        params = dict(self._params)
        if self._page_size is not None:
            params["MaxResults"] = self._page_size
        token, skip = (None, 0)
        if self._starting_token:
            token, skip = _decode_token(self._starting_token)
        elif "NextToken" in params:
            token = params["NextToken"]
        primary = self._result_keys[0]
        seen = 0
        self.resume_token = None
        while True:
            if token is not None:
                params["NextToken"] = token
            else:
                params.pop("NextToken", None)
            page = self._method(**params)
            next_token = page.get("NextToken")
            items = page.get(primary, [])
            if skip:
                items = items[skip:]
                page[primary] = items
            if self._max_items is not None and seen + len(items) >= self._max_items:
                room = self._max_items - seen
                if room < len(items):
                    page[primary] = items[:room]
                    self.resume_token = _encode_token(
                        {"NextToken": token, "boto_truncate_amount": skip + room})
                    page["NextToken"] = self.resume_token
                elif next_token:
                    self.resume_token = _encode_token({"NextToken": next_token})
                    page["NextToken"] = self.resume_token
                yield page
                return
            seen += len(items)
            skip = 0
            yield page
            if not next_token:
                return
            token = next_token

    def build_full_result(self):
        """Every page merged: the result lists concatenated, plus
        ``NextToken`` (a resume token) when MaxItems cut the listing."""
        result = {}
        for page in self:
            for key in self._result_keys:
                result.setdefault(key, []).extend(page.get(key, []))
            for key in self._non_aggregate_keys:
                if key in page and key not in result:
                    result[key] = page[key]
        for key in self._result_keys:
            result.setdefault(key, [])
        if self.resume_token is not None:
            result["NextToken"] = self.resume_token
        return result
