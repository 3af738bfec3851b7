"""Vault: one open libsecretvault handle, guarded by a lock.

The C library lets a handle be used by one thread at a time (and move
between threads).  A :class:`Vault` therefore holds a ``threading.Lock``
and takes it around every call that uses its handle, so one Vault (and
every client made from it) may be shared freely between threads; calls on
one Vault are serialised.  Separate Vault objects, even on the same path,
run in parallel (ctypes releases the GIL during each C call).
"""

import ctypes
import datetime
import json
import os
import threading
import time

from . import _lib
from .exceptions import VaultError, make_client_error

__all__ = ["Vault"]


def _b(text):
    if text is None:
        return None
    if isinstance(text, bytes):
        return text
    return os.fsencode(text) if isinstance(text, os.PathLike) else text.encode("utf-8")


class Vault:
    """An open vault.

    ``Vault(path, key_file=None, passphrase=None, raw_key=None, create=False,
    region=None, account_id=None, weak_kdf=False)``

    Exactly one of ``key_file`` (a file of 32 bytes to 4 KiB, mode 0600 or
    0400), ``passphrase`` (str or bytes; Argon2id) or ``raw_key`` (32
    bytes) unlocks the vault.  With ``create=True`` a new vault is made in
    directory ``path`` (``region`` and ``account_id`` then name its ARNs);
    otherwise an existing one is opened.  ``weak_kdf=True`` accepts (and,
    when creating, uses) libsodium's minimum Argon2id cost: for tests only.

    Keyword-only extras: ``library`` (path of libsecretvault), ``insecure``
    (skip the owner/mode checks), ``secure_memory``, ``relaxed_durability``,
    ``map_size``, ``pad_bucket``, and ``clock`` (a callable returning the
    time in seconds since the epoch, like ``time.time``; used for every
    date the vault records, which lets tests move time forward).

    A context manager; :meth:`close` is idempotent.
    """

    def __init__(self, path, key_file=None, passphrase=None, raw_key=None,
                 create=False, region=None, account_id=None, weak_kdf=False,
                 *, library=None, insecure=False, secure_memory=False,
                 relaxed_durability=False, map_size=0, pad_bucket=0,
                 clock=None):
        self._lib = _lib.load(library)
        self._lock = threading.Lock()
        self._handle = None
        self.path = os.fspath(path)
        given = [x is not None for x in (key_file, passphrase, raw_key)]
        if sum(given) != 1:
            raise TypeError("Vault() needs exactly one of key_file=, "
                            "passphrase= or raw_key=")
        lib = self._lib
        key = lib.key_options()
        secret_buf = None
        if key_file is not None:
            key.type = _lib.SV_KEY_FILE
            key.path = _b(os.fspath(key_file))
        else:
            data = passphrase if passphrase is not None else raw_key
            if isinstance(data, str):
                data = data.encode("utf-8")
            if not isinstance(data, (bytes, bytearray, memoryview)):
                raise TypeError("passphrase and raw_key are str or bytes")
            data = bytes(data)
            key.type = (_lib.SV_KEY_PASSPHRASE if passphrase is not None
                        else _lib.SV_KEY_RAW)
            secret_buf = ctypes.create_string_buffer(data, len(data))
            key.secret = ctypes.cast(secret_buf, ctypes.c_void_p)
            key.secret_len = len(data)
        opts = lib.vault_options()
        flags = 0
        if weak_kdf:
            flags |= _lib.SV_VAULT_ALLOW_WEAK_KDF
            if create and key.type == _lib.SV_KEY_PASSPHRASE:
                key.kdf_opslimit = _lib.KDF_OPSLIMIT_MIN
                key.kdf_memlimit = _lib.KDF_MEMLIMIT_MIN
        if insecure:
            flags |= _lib.SV_VAULT_ALLOW_INSECURE
        if secure_memory:
            flags |= _lib.SV_VAULT_SECURE_MEMORY
        if relaxed_durability:
            flags |= _lib.SV_VAULT_RELAXED_DURABILITY
        opts.flags = flags
        opts.region = _b(region)
        opts.account_id = _b(account_id)
        opts.map_size = int(map_size)
        opts.pad_bucket = int(pad_bucket)
        self._clock_cb = None
        if clock is not None:
            self._clock_cb = _lib.CLOCK_FN(self._make_clock(clock))
            opts.clock = self._clock_cb
        handle = ctypes.c_void_p()
        fn = lib.sv_vault_create if create else lib.sv_vault_open
        try:
            rc = fn(ctypes.byref(handle), _b(self.path), ctypes.byref(key),
                    ctypes.byref(opts))
            msg = lib.last_error() if rc != _lib.SV_OK else None
        finally:
            if secret_buf is not None:
                ctypes.memset(secret_buf, 0, len(secret_buf))
        if rc != _lib.SV_OK:
            raise VaultError(rc, msg, lib.strerror(rc))
        self._handle = handle

    @staticmethod
    def _make_clock(clock):
        def cb(_payload):
            try:
                return int(round(float(clock()) * 1000))
            except Exception:  # never let an exception cross into C
                return int(time.time() * 1000)
        return cb

    # ---- lifetime ----------------------------------------------------------

    @property
    def closed(self):
        return self._handle is None

    def close(self):
        """Close the handle (keys are zeroed); calling it again does nothing."""
        lock = getattr(self, "_lock", None)
        if lock is None:
            return
        with lock:
            if self._handle is not None:
                self._lib.sv_vault_close(self._handle)
                self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self):
        return "<secretvault.Vault %r%s>" % (self.path, " closed" if self.closed else "")

    def _require_open(self):
        if self._handle is None:
            raise VaultError(_lib.SV_EINVALID, "the vault %s is closed" % self.path,
                             self._lib.strerror(_lib.SV_EINVALID))

    # ---- calls -------------------------------------------------------------

    def call(self, operation, request=None):
        """Run ``sv_call``: an AWS operation name and its request dict in,
        the response dict out, in the raw wire shapes (dates as epoch
        numbers, SecretBinary as base64, no ResponseMetadata).  Errors
        raise the ClientError subclass of the AWS error code."""
        return self._call(operation, request or {})[0]

    def _call(self, operation, request):
        body = json.dumps(request, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
        lib = self._lib
        resp = ctypes.c_void_p()
        n = ctypes.c_size_t()
        with self._lock:
            self._require_open()
            rc = lib.sv_call(ctypes.byref(resp), ctypes.byref(n), self._handle,
                             operation.encode("ascii"), body, len(body))
            if not resp.value:
                raise VaultError(rc, lib.last_error(), lib.strerror(rc))
            try:
                text = ctypes.string_at(resp.value, n.value)
            finally:
                lib.sv_call_free(resp)
        data = json.loads(text.decode("utf-8"))
        if rc != _lib.SV_OK:
            raise make_client_error(data.get("__type") or lib.aws_type(rc),
                                    data.get("Message", data.get("message", "")),
                                    operation, len(text))
        return data, len(text)

    def _with_handle(self, fn):
        """Run fn(lib, handle) under the lock (for the non-sv_call helpers)."""
        with self._lock:
            self._require_open()
            return fn(self._lib, self._handle)

    def client(self):
        """A boto3-style ``secretsmanager`` client on this vault."""
        from .client import SecretsManagerClient
        return SecretsManagerClient(self)

    def info(self):
        """Facts about the vault (sv_vault_info_get) as a dict."""
        out = _lib.VaultInfo()
        out.version = _lib.SV_VAULT_INFO_VERSION

        def run(lib, h):
            rc = lib.sv_vault_info_get(ctypes.byref(out), h)
            if rc != _lib.SV_OK:
                raise VaultError(rc, lib.last_error(), lib.strerror(rc))
        self._with_handle(run)
        return {
            "Format": out.format,
            "VaultId": bytes(out.vault_id).hex(),
            "Region": out.region.decode(),
            "AccountId": out.account_id.decode(),
            "SlotCount": out.slot_count,
            "KeyCount": out.key_count,
            "SecretCount": out.secret_count,
            "PadBucket": out.pad_bucket,
            "MlockOk": bool(out.mlock_ok),
            "CreatedDate": datetime.datetime.fromtimestamp(
                out.created / 1000, datetime.timezone.utc).astimezone(),
        }

    @property
    def region(self):
        return self.info()["Region"]

    def purge(self):
        """Remove the secrets whose recovery window has passed; returns how many."""
        n = ctypes.c_uint64()

        def run(lib, h):
            rc = lib.sv_vault_purge(ctypes.byref(n), h)
            if rc != _lib.SV_OK:
                raise lib.client_error(rc, "Purge")
        self._with_handle(run)
        return n.value
