"""Environment variables from secrets, named as the GitHub Action
aws-actions/aws-secretsmanager-get-secrets names them (the C library's
``sv_value_env`` does the naming).

``env_for(client, ["ID", "ALIAS,ID", ",ID", "prefix/*"], parse_json=False,
name_transformation="uppercase")`` returns ``{NAME: value}``:

* ``ID`` (a name or an ARN): the variable is the secret's name,
  transformed: a leading digit gets ``_``, every character outside
  ``[A-Za-z0-9_]`` becomes ``_``, then upper/lower case (or ``none``);
* ``ALIAS,ID``: the variable is ALIAS, which must already be a valid
  name in that case;
* ``,ID`` (blank alias) with ``parse_json``: the JSON keys without prefix;
* ``PREFIX*`` (at least 3 characters, then ``*``): every secret whose name
  starts with PREFIX (at most 100; an alias needs exactly one match);
* with ``parse_json=True`` a JSON *object* becomes one variable per key,
  ``PREFIX_KEY``, nested objects recursing with ``_``.

Two secrets giving the same name is a collision: ``ResourceExistsException``
naming both sources, and nothing is returned.  With ``environ=os.environ``
the variables are also checked against that mapping (a variable already
set there is a collision too, as in the action) and then set in it.
"""

import ctypes
import re

from . import _lib
from .client import get_value
from .exceptions import ParamValidationError, make_client_error

__all__ = ["env_for"]

_OP = "GetSecretsAsEnv"
_TRANSFORMS = {"uppercase": _lib.SV_ENV_UPPERCASE,
               "lowercase": _lib.SV_ENV_LOWERCASE,
               "none": _lib.SV_ENV_NONE}
_PREFIX_RE = re.compile(r"^[a-zA-Z0-9/_+=.@-]{3,}\*$")


def _entries(secret_ids):
    if isinstance(secret_ids, str):
        secret_ids = secret_ids.splitlines()
    for line in secret_ids:
        line = line.strip()
        if not line:
            continue
        if "\x00" in line:
            raise ParamValidationError(
                "Invalid value for parameter secret_ids: it contains a NUL character")
        if "," in line:
            alias, sid = line.split(",", 1)
            yield alias.strip(), sid.strip()
        else:
            yield None, line


def _expand(client, alias, sid):
    """(alias, id) pairs: a PREFIX* entry becomes one per matching secret."""
    if "*" not in sid:
        return [(alias, sid)]
    if not _PREFIX_RE.match(sid):
        raise make_client_error(
            "InvalidParameterException",
            "the secret id %s is not a valid prefix: use at least 3 "
            "characters of a name, then *" % sid, _OP)
    resp = client.list_secrets(
        Filters=[{"Key": "name", "Values": [sid[:-1]]}], MaxResults=100)
    names = [s["Name"] for s in resp.get("SecretList", [])]
    if resp.get("NextToken"):
        raise make_client_error(
            "LimitExceededException",
            "the prefix %s matches more than 100 secrets" % sid, _OP)
    if not names:
        raise make_client_error(
            "ResourceNotFoundException",
            "no secret name starts with %s" % sid[:-1], _OP)
    if alias and len(names) > 1:
        raise make_client_error(
            "InvalidParameterException",
            "the alias %s is given to the prefix %s, which matches %d "
            "secrets; an alias needs exactly one" % (alias, sid, len(names)), _OP)
    return [(alias, n) for n in names]


def env_for(client, secret_ids, parse_json=False,
            name_transformation="uppercase", environ=None, version_stage=None):
    """Read secrets and name them as environment variables (see module doc).

    ``secret_ids`` is a list of entries or a multi-line string.  Returns a
    dict in the order of the entries.
    """
    try:
        how = _TRANSFORMS[name_transformation]
    except KeyError:
        raise ValueError("name_transformation is uppercase, lowercase or none, "
                         "not %r" % (name_transformation,)) from None
    pairs = []
    for alias, sid in _entries(secret_ids):
        pairs.extend(_expand(client, alias, sid))
    vault = client._vault

    def run(lib, handle):
        env = ctypes.c_void_p()
        rc = lib.sv_envvars_new(ctypes.byref(env))
        if rc != _lib.SV_OK:
            raise lib.client_error(rc, _OP)
        try:
            for alias, sid in pairs:
                val = get_value(lib, handle, sid, None, version_stage, _OP)
                try:
                    opts = lib.env_options()
                    opts.alias = alias.encode("utf-8") if alias is not None else None
                    opts.name_transformation = how
                    opts.parse_json = 1 if parse_json else 0
                    rc = lib.sv_value_env(env, val, ctypes.byref(opts))
                    if rc != _lib.SV_OK:
                        raise lib.client_error(rc, _OP)
                finally:
                    lib.sv_value_free(val)
            out = {}
            sources = {}
            for i in range(lib.sv_envvars_count(env)):
                name = lib.sv_envvars_name(env, i).decode("utf-8")
                out[name] = ctypes.string_at(lib.sv_envvars_value(env, i)).decode(
                    "utf-8", "surrogateescape")
                sources[name] = lib.sv_envvars_source(env, i).decode("utf-8")
            return out, sources
        finally:
            lib.sv_envvars_free(env)

    out, sources = vault._with_handle(run)
    if environ is not None:
        for name in out:
            if environ.get(name):
                raise make_client_error(
                    "ResourceExistsException",
                    "the environment variable %s from %s is already set; give "
                    "the secret an alias" % (name, sources[name]), _OP)
        environ.update(out)
    return out
