"""Finding libsecretvault and declaring its C functions for ctypes.

The library is looked for, in this order:

1. the ``library=`` argument given to :class:`secretvault.Vault` (a path);
2. the ``SECRETVAULT_LIBRARY`` environment variable (a path);
3. the build tree: walking up from this package for
   ``build/lib/libsecretvault.so.0`` (a checkout after ``make``);
4. the system loader: ``ctypes.util.find_library('secretvault')``, then
   ``libsecretvault.so.0``.

Every function used by the binding has its ``argtypes`` and ``restype``
declared here; the option structs mirror ``include/secretvault.h`` field
for field and are filled by the library's own ``sv_*_options_init()``.
"""

import ctypes
import ctypes.util
import os
import threading

__all__ = ["load", "Library", "KeyOptions", "VaultOptions", "GetOptions",
           "EnvOptions", "VaultInfo", "CLOCK_FN"]

# ---- Constants of secretvault.h (pinned values) ---------------------------

SV_OK = 0
SV_ERROR = -1
SV_ENOTFOUND = -2
SV_EEXISTS = -3
SV_EINVALID = -4
SV_EVALIDATION = -5
SV_EREQUEST = -6
SV_EDELETED = -7
SV_ELIMIT = -8
SV_ENEXTTOKEN = -9
SV_EAUTH = -15
SV_EINSECURE = -18
SV_ENOTSUPPORTED = -21

SV_KEY_PASSPHRASE = 1
SV_KEY_FILE = 2
SV_KEY_RAW = 3

SV_KEY_OPTIONS_VERSION = 1
SV_VAULT_OPTIONS_VERSION = 1
SV_GET_OPTIONS_VERSION = 1
SV_ENV_OPTIONS_VERSION = 1
SV_VAULT_INFO_VERSION = 1

SV_VAULT_ALLOW_WEAK_KDF = 0x1
SV_VAULT_ALLOW_INSECURE = 0x2
SV_VAULT_SECURE_MEMORY = 0x4
SV_VAULT_RELAXED_DURABILITY = 0x8

SV_ENV_UPPERCASE = 0
SV_ENV_LOWERCASE = 1
SV_ENV_NONE = 2

# libsodium's crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN for Argon2id.
KDF_OPSLIMIT_MIN = 1
KDF_MEMLIMIT_MIN = 8192

_u32 = ctypes.c_uint32
_u64 = ctypes.c_uint64
_p = ctypes.c_void_p
_pp = ctypes.POINTER(ctypes.c_void_p)
_str = ctypes.c_char_p
_int = ctypes.c_int
_size = ctypes.c_size_t

#: typedef int64_t (*sv_clock_fn)(void *payload);
CLOCK_FN = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_void_p)


class KeyOptions(ctypes.Structure):
    """struct sv_key_options."""
    _fields_ = [
        ("version", _u32),
        ("type", _u32),
        ("secret", _p),
        ("secret_len", _size),
        ("path", _str),
        ("provider", _p),
        ("kdf_opslimit", _u64),
        ("kdf_memlimit", _u64),
        ("reserved", _u32 * 4),
    ]


class VaultOptions(ctypes.Structure):
    """struct sv_vault_options."""
    _fields_ = [
        ("version", _u32),
        ("flags", _u32),
        ("region", _str),
        ("account_id", _str),
        ("map_size", _u64),
        ("clock", CLOCK_FN),
        ("clock_payload", _p),
        ("pad_bucket", _u32),
        ("reserved", _u32 * 4),
    ]


class GetOptions(ctypes.Structure):
    """struct sv_get_options."""
    _fields_ = [
        ("version", _u32),
        ("version_id", _str),
        ("version_stage", _str),
        ("reserved", _u32 * 4),
    ]


class EnvOptions(ctypes.Structure):
    """struct sv_env_options."""
    _fields_ = [
        ("version", _u32),
        ("alias", _str),
        ("name_transformation", _u32),
        ("parse_json", _u32),
        ("reserved", _u32 * 4),
    ]


class VaultInfo(ctypes.Structure):
    """struct sv_vault_info."""
    _fields_ = [
        ("version", _u32),
        ("format", _u32),
        ("vault_id", ctypes.c_uint8 * 16),
        ("region", ctypes.c_char * 64),
        ("account_id", ctypes.c_char * 16),
        ("slot_count", _u32),
        ("key_count", _u32),
        ("secret_count", _u64),
        ("pad_bucket", _u32),
        ("mlock_ok", _u32),
        ("created", ctypes.c_int64),
        ("reserved", _u32 * 4),
    ]


# name: (restype, argtypes)
_PROTOTYPES = {
    "sv_version_string": (_str, []),
    "sv_version_number": (_int, []),
    "sv_strerror": (_str, [_int]),
    "sv_error_aws_type": (_str, [_int]),
    "sv_error_last": (_str, []),
    "sv_error_last_code": (_int, []),
    "sv_key_options_init": (_int, [ctypes.POINTER(KeyOptions), _u32]),
    "sv_vault_options_init": (_int, [ctypes.POINTER(VaultOptions), _u32]),
    "sv_vault_create": (_int, [_pp, _str, ctypes.POINTER(KeyOptions),
                               ctypes.POINTER(VaultOptions)]),
    "sv_vault_open": (_int, [_pp, _str, ctypes.POINTER(KeyOptions),
                             ctypes.POINTER(VaultOptions)]),
    "sv_vault_close": (None, [_p]),
    "sv_vault_errmsg": (_str, [_p]),
    "sv_vault_info_get": (_int, [ctypes.POINTER(VaultInfo), _p]),
    "sv_vault_purge": (_int, [ctypes.POINTER(_u64), _p]),
    "sv_call": (_int, [_pp, ctypes.POINTER(_size), _p, _str, _str, _size]),
    "sv_call_free": (None, [_p]),
    "sv_get_options_init": (_int, [ctypes.POINTER(GetOptions), _u32]),
    "sv_secret_get_value": (_int, [_pp, _p, _str, ctypes.POINTER(GetOptions)]),
    "sv_value_property": (_int, [_pp, _p, _str]),
    "sv_value_data": (_p, [_p]),
    "sv_value_size": (_size, [_p]),
    "sv_value_is_binary": (_int, [_p]),
    "sv_value_name": (_str, [_p]),
    "sv_value_version_id": (_str, [_p]),
    "sv_value_free": (None, [_p]),
    "sv_env_options_init": (_int, [ctypes.POINTER(EnvOptions), _u32]),
    "sv_envvars_new": (_int, [_pp]),
    "sv_value_env": (_int, [_p, _p, ctypes.POINTER(EnvOptions)]),
    "sv_envvars_count": (_size, [_p]),
    "sv_envvars_name": (_str, [_p, _size]),
    "sv_envvars_value": (_p, [_p, _size]),
    "sv_envvars_source": (_str, [_p, _size]),
    "sv_envvars_free": (None, [_p]),
}


class Library:
    """A loaded libsecretvault with every prototype declared."""

    def __init__(self, path):
        self.path = path
        self.dll = ctypes.CDLL(path)
        for name, (restype, argtypes) in _PROTOTYPES.items():
            fn = getattr(self.dll, name)
            fn.restype = restype
            fn.argtypes = argtypes
            setattr(self, name, fn)
        self.version = self.sv_version_string().decode()

    def __repr__(self):
        return "<secretvault.Library %s %s>" % (self.version, self.path)

    # Text helpers: the library's strings are UTF-8 and never NULL.
    def strerror(self, code):
        return self.sv_strerror(code).decode("utf-8", "replace")

    def aws_type(self, code):
        return self.sv_error_aws_type(code).decode("utf-8", "replace")

    def last_error(self):
        """sv_error_last(): read it on the failing thread, right away."""
        return self.sv_error_last().decode("utf-8", "replace")

    def client_error(self, rc, operation_name):
        """The ClientError for a failed call: sv_error_last() is read
        first, before any other sv_ call can replace it."""
        from .exceptions import make_client_error
        message = self.last_error()
        return make_client_error(self.aws_type(rc), message, operation_name)

    def key_options(self):
        opts = KeyOptions()
        self._check_init(self.sv_key_options_init(ctypes.byref(opts),
                                                  SV_KEY_OPTIONS_VERSION))
        return opts

    def vault_options(self):
        opts = VaultOptions()
        self._check_init(self.sv_vault_options_init(ctypes.byref(opts),
                                                    SV_VAULT_OPTIONS_VERSION))
        return opts

    def get_options(self):
        opts = GetOptions()
        self._check_init(self.sv_get_options_init(ctypes.byref(opts),
                                                  SV_GET_OPTIONS_VERSION))
        return opts

    def env_options(self):
        opts = EnvOptions()
        self._check_init(self.sv_env_options_init(ctypes.byref(opts),
                                                  SV_ENV_OPTIONS_VERSION))
        return opts

    def _check_init(self, rc):
        if rc != SV_OK:
            from .exceptions import VaultError
            raise VaultError(rc, self.last_error(), self.strerror(rc))


_SONAME = "libsecretvault.so.0"
_loaded = {}
_load_lock = threading.Lock()


def _build_tree_candidates():
    here = os.path.dirname(os.path.abspath(__file__))
    d = here
    while True:
        yield os.path.join(d, "build", "lib", _SONAME)
        parent = os.path.dirname(d)
        if parent == d:
            return
        d = parent


def find_library(library=None):
    """The path (or loader name) of libsecretvault, by the documented order."""
    if library:
        return os.fspath(library)
    env = os.environ.get("SECRETVAULT_LIBRARY")
    if env:
        return env
    for cand in _build_tree_candidates():
        if os.path.exists(cand):
            return cand
    found = ctypes.util.find_library("secretvault")
    return found or _SONAME


def load(library=None):
    """Load (once per path) and return a :class:`Library`."""
    path = find_library(library)
    with _load_lock:
        lib = _loaded.get(path)
        if lib is None:
            try:
                lib = Library(path)
            except OSError as e:
                raise OSError(
                    "cannot load libsecretvault from %r (%s); give library=, "
                    "set SECRETVAULT_LIBRARY, build the tree with make, or "
                    "install the library" % (path, e)) from e
            _loaded[path] = lib
        return lib
