"""Drop-in stand-in for the ``aws-secretsmanager-caching`` package.

With ``bindings/python`` on ``sys.path``, the AWS tutorial runs unchanged
except for its client line::

    from aws_secretsmanager_caching import SecretCache, SecretCacheConfig
    client = secretvault.client("/path/to/vault", key_file="/path/to/key")
    cache = SecretCache(config=SecretCacheConfig(), client=client)
    secret = cache.get_secret_string("mysecret")

Everything here is :mod:`secretvault.cache`, which works with a secretvault
client and with a botocore ``secretsmanager`` client alike, so shadowing
the AWS package changes nothing for code that uses it with botocore.
"""

from secretvault.cache import (InjectKeywordedSecretString,
                               InjectSecretString, SecretCache,
                               SecretCacheConfig, SecretCacheHook)

__all__ = ["SecretCache", "SecretCacheConfig", "SecretCacheHook",
           "InjectSecretString", "InjectKeywordedSecretString"]
