"""secretvault: Python binding of libsecretvault (standard library only).

A local secret store with the model and behaviour of AWS Secrets Manager,
used through a client with boto3's ``secretsmanager`` methods::

    import secretvault

    with secretvault.Vault("/path/to/vault", key_file="/path/to/key") as vault:
        client = vault.client()
        client.create_secret(Name="MyTestSecret", SecretString="s3cr3t")
        client.get_secret_value(SecretId="MyTestSecret")["SecretString"]

Contents:

* :class:`Vault` - an open vault (a context manager); ``vault.client()``;
* :func:`client` - open a vault and return a client that owns it;
* :class:`SecretsManagerClient` - boto3's methods, arguments, responses,
  exceptions (``client.exceptions.ResourceNotFoundException``, ...) and
  paginators, plus ``get_secret_property``;
* :class:`SecretCache`, :class:`SecretCacheConfig` - the interface of
  ``aws-secretsmanager-caching``;
* :func:`get_property` - External Secrets property paths on JSON text;
* :func:`env_for` - environment variables named as the GitHub Action
  ``aws-secretsmanager-get-secrets`` names them;
* :class:`ClientError`, :mod:`secretvault.exceptions`, :class:`VaultError`.

Threads: the library allows one thread at a time per handle, so each
Vault serialises its calls with a lock; share a Vault (or its clients)
between threads freely, or open one Vault per thread for parallel calls.
"""

import os

from . import exceptions
from ._lib import load as load_library
from .cache import (InjectKeywordedSecretString, InjectSecretString,
                    SecretCache, SecretCacheConfig, SecretCacheHook)
from .client import Paginator, PageIterator, SecretsManagerClient
from .env import env_for
from .exceptions import ClientError, ParamValidationError, VaultError
from .property import get_property
from .vault import Vault

__all__ = [
    "Vault", "client", "SecretsManagerClient", "Paginator", "PageIterator",
    "SecretCache", "SecretCacheConfig", "SecretCacheHook",
    "InjectSecretString", "InjectKeywordedSecretString",
    "get_property", "env_for", "ClientError", "ParamValidationError",
    "VaultError", "exceptions", "library_version", "load_library",
]

__version__ = "0.1.0"


def client(path=None, key_file=None, passphrase=None, raw_key=None, **kwargs):
    """Open a vault and return a client that owns it (``client.close()``
    closes the vault).

    Without arguments the vault and its key come from the environment, as
    for the ``secretvault`` command: ``SECRETVAULT_PATH``, then
    ``SECRETVAULT_KEY_FILE`` or ``SECRETVAULT_PASSPHRASE``.  Other keyword
    arguments go to :class:`Vault` (``create=True``, ``weak_kdf=True``, ...).
    """
    if path is None:
        path = os.environ.get("SECRETVAULT_PATH")
        if not path:
            raise TypeError("secretvault.client() needs a vault path "
                            "(or SECRETVAULT_PATH)")
    if key_file is None and passphrase is None and raw_key is None:
        key_file = os.environ.get("SECRETVAULT_KEY_FILE") or None
        if key_file is None:
            passphrase = os.environ.get("SECRETVAULT_PASSPHRASE")
        if key_file is None and passphrase is None:
            raise TypeError("secretvault.client() needs key_file=, passphrase= "
                            "or raw_key= (or SECRETVAULT_KEY_FILE / "
                            "SECRETVAULT_PASSPHRASE)")
    vault = Vault(path, key_file=key_file, passphrase=passphrase,
                  raw_key=raw_key, **kwargs)
    return SecretsManagerClient(vault, owns_vault=True)


def library_version(library=None):
    """The version string of the loaded libsecretvault."""
    return load_library(library).version
