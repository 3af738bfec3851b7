"""SecretCache: the interface of aws-secretsmanager-caching (Python).

The AWS tutorial works by changing only the client line::

    from secretvault import SecretCache, SecretCacheConfig
    client = secretvault.client('/path/to/vault', key_file='/path/to/key')
    cache = SecretCache(config=SecretCacheConfig(), client=client)
    secret = cache.get_secret_string('MyTestSecret')

As in the AWS library, each secret is refreshed with DescribeSecret (its
``VersionIdsToStages`` gives the version of the stage asked for) at a
time drawn uniformly from [interval/2, interval] after the last refresh,
and values are read with GetSecretValue by VersionId and kept per version
(10 versions per secret, LRU); at most ``max_cache_size`` secrets are kept
(LRU eviction).  A stage that no version holds gives ``None``.  A failed
refresh is raised when no value is cached, and retried after
``exception_retry_delay_base * exception_retry_growth_factor ** n``,
capped by ``exception_retry_delay_max``, taken in milliseconds as the AWS
library applies it.  ``refresh_secret_now()`` refreshes at once (no
jitter sleep: a local vault needs none).

Everything is guarded by one ``threading.Lock`` per cache; values are
returned as deep copies.  ``clock=`` (keyword) replaces ``time.monotonic``
for tests.  Any client with ``describe_secret`` and ``get_secret_value``
works, a botocore one included.
"""

import abc
import collections
import copy
import json
import random
import threading
import time

__all__ = ["SecretCache", "SecretCacheConfig", "SecretCacheHook",
           "InjectSecretString", "InjectKeywordedSecretString"]


class SecretCacheConfig:
    """Cache settings, with the AWS library's names and defaults.

    ``max_cache_size`` 1024, ``exception_retry_delay_base`` 1,
    ``exception_retry_growth_factor`` 2, ``exception_retry_delay_max``
    3600, ``default_version_stage`` 'AWSCURRENT',
    ``secret_refresh_interval`` 3600 (seconds), ``secret_cache_hook``
    None.  An unknown keyword raises TypeError.
    """

    OPTION_DEFAULTS = {
        "max_cache_size": 1024,
        "exception_retry_delay_base": 1,
        "exception_retry_growth_factor": 2,
        "exception_retry_delay_max": 3600,
        "default_version_stage": "AWSCURRENT",
        "secret_refresh_interval": 3600,
        "secret_cache_hook": None,
    }

    def __init__(self, **kwargs):
        options = copy.deepcopy(self.OPTION_DEFAULTS)
        for key, value in kwargs.items():
            if key not in options:
                raise TypeError("Unexpected keyword argument %s" % key)
            options[key] = value
        for key, value in options.items():
            setattr(self, key, value)


class SecretCacheHook(abc.ABC):
    """Transforms what the cache stores (``put``) and returns (``get``)."""

    @abc.abstractmethod
    def put(self, obj):
        """Called with each DescribeSecret / GetSecretValue result stored."""

    @abc.abstractmethod
    def get(self, cached_obj):
        """Called with what put() returned, before it is used."""


class _Item:
    """One secret: its DescribeSecret result and its versions."""

    __slots__ = ("describe", "next_refresh", "versions", "error",
                 "error_count", "next_retry")

    def __init__(self):
        self.describe = None
        self.next_refresh = None  # None: refresh needed
        self.versions = collections.OrderedDict()  # version id -> value
        self.error = None
        self.error_count = 0
        self.next_retry = None


def _default_client():
    """What SecretCache() uses without client=: a vault named by
    SECRETVAULT_PATH (and SECRETVAULT_KEY_FILE / SECRETVAULT_PASSPHRASE),
    else, when botocore is installed, the botocore client the AWS library
    would make."""
    import os
    if os.environ.get("SECRETVAULT_PATH"):
        from . import client as make_client
        return make_client()
    try:
        import botocore.session
    except ImportError:
        raise TypeError("SecretCache() needs client= (a secretvault client) "
                        "or SECRETVAULT_PATH in the environment") from None
    return botocore.session.get_session().create_client("secretsmanager")


class SecretCache:
    """An in-process cache of secret values (aws-secretsmanager-caching)."""

    VERSIONS_PER_SECRET = 10

    def __init__(self, config=None, client=None, *, clock=None):
        config = config if config is not None else SecretCacheConfig()
        # A copy, as the AWS library takes, but the hook object itself is
        # kept (a deep copy would hand the cache a different hook).
        hook = getattr(config, "secret_cache_hook", None)
        memo = {id(hook): hook} if hook is not None else {}
        self._config = copy.deepcopy(config, memo)
        if client is None:
            client = _default_client()
        self._client = client
        self._clock = clock or time.monotonic
        self._lock = threading.Lock()
        self._items = collections.OrderedDict()

    @property
    def client(self):
        return self._client

    # ---- hook ------------------------------------------------------------

    def _store(self, obj):
        hook = self._config.secret_cache_hook
        return hook.put(obj) if hook is not None else obj

    def _load(self, stored):
        hook = self._config.secret_cache_hook
        return hook.get(stored) if hook is not None else stored

    # ---- refresh ---------------------------------------------------------

    def _item(self, secret_id):
        item = self._items.get(secret_id)
        if item is None:
            item = _Item()
            self._items[secret_id] = item
            while len(self._items) > max(1, int(self._config.max_cache_size)):
                self._items.popitem(last=False)  # least recently used
        else:
            self._items.move_to_end(secret_id)
        return item

    def _refresh_due(self, item, now):
        if item.error is not None:
            return item.next_retry is None or item.next_retry <= now
        return item.next_refresh is None or item.next_refresh <= now

    def _refresh(self, secret_id, item, now):
        try:
            result = self._client.describe_secret(SecretId=secret_id)
        except Exception as e:  # kept, raised while no value is cached
            item.error = e
            delay = self._config.exception_retry_delay_base * (
                self._config.exception_retry_growth_factor ** item.error_count)
            delay = min(delay, self._config.exception_retry_delay_max)
            item.error_count += 1
            item.next_retry = now + delay / 1000.0
            return
        item.describe = self._store(result)
        item.error = None
        item.error_count = 0
        item.next_retry = None
        ttl = self._config.secret_refresh_interval
        item.next_refresh = now + random.uniform(ttl / 2.0, ttl)

    def _version_id(self, item, stage):
        result = self._load(item.describe) if item.describe is not None else None
        if not result:
            return None
        for vid, stages in result.get("VersionIdsToStages", {}).items():
            if stage in stages:
                return vid
        return None

    def _get(self, secret_id, version_stage):
        stage = version_stage or self._config.default_version_stage
        with self._lock:
            now = self._clock()
            item = self._item(secret_id)
            if self._refresh_due(item, now):
                self._refresh(secret_id, item, now)
            vid = self._version_id(item, stage)
            if vid is None:
                if item.error is not None:
                    raise item.error
                return None
            stored = item.versions.get(vid)
            if stored is None:
                value = self._client.get_secret_value(SecretId=secret_id,
                                                      VersionId=vid)
                stored = self._store(value)
                item.versions[vid] = stored
                while len(item.versions) > self.VERSIONS_PER_SECRET:
                    item.versions.popitem(last=False)
            else:
                item.versions.move_to_end(vid)
            return copy.deepcopy(self._load(stored))

    # ---- the AWS library's interface --------------------------------------

    def get_secret_string(self, secret_id, version_stage=None):
        """The SecretString of the stage (default: default_version_stage),
        or None when the version holds a binary or no version has the stage."""
        secret = self._get(secret_id, version_stage)
        return None if secret is None else secret.get("SecretString")

    def get_secret_binary(self, secret_id, version_stage=None):
        """The SecretBinary (bytes) of the stage, or None."""
        secret = self._get(secret_id, version_stage)
        return None if secret is None else secret.get("SecretBinary")

    def refresh_secret_now(self, secret_id):
        """Refresh the secret's metadata now (the next read sees new versions)."""
        with self._lock:
            item = self._item(secret_id)
            item.error = None
            self._refresh(secret_id, item, self._clock())

    # ---- beyond the AWS library ---------------------------------------------

    def invalidate(self, secret_id=None):
        """Forget one secret (or all): the next read goes to the vault."""
        with self._lock:
            if secret_id is None:
                self._items.clear()
            else:
                self._items.pop(secret_id, None)

    def __len__(self):
        with self._lock:
            return len(self._items)

    def __contains__(self, secret_id):
        with self._lock:
            return secret_id in self._items


# ---- Decorators (aws_secretsmanager_caching.decorators) ---------------------

class _InjectSecretAbstract:
    def __init__(self, secret_id, cache, caches=None):
        self.cache_id = 0
        self.caches = [cache]
        if caches:
            self.caches.extend(caches)
        self.secret_id = secret_id

    def _get_cached_secret(self):
        n = len(self.caches)
        replicas = [i % n for i in range(self.cache_id, self.cache_id + n)]
        secret = None
        for replica in replicas:
            try:
                secret = self.caches[replica].get_secret_string(
                    secret_id=self.secret_id)
                self.cache_id = replica
                break
            except Exception as e:  # this package's or botocore's ClientError
                response = getattr(e, "response", None)
                if not isinstance(response, dict):
                    raise
                if response.get("Error", {}).get("Code") in {"InternalFailure",
                                                             "ServiceUnavailable"}:
                    if replica == replicas[-1]:
                        raise
                else:
                    raise
        return secret


class InjectSecretString(_InjectSecretAbstract):
    """Decorator: the SecretString becomes the first positional argument."""

    def __call__(self, func):
        secret = self._get_cached_secret()

        def _wrapped_func(*args, **kwargs):
            return func(secret, *args, **kwargs)
        return _wrapped_func


class InjectKeywordedSecretString(_InjectSecretAbstract):
    """Decorator: keyword arguments taken from keys of a JSON SecretString."""

    def __init__(self, secret_id, cache, caches=None, **kwargs):
        super().__init__(secret_id, cache, caches)
        self.kwarg_map = kwargs

    def __call__(self, func):
        try:
            secret = json.loads(self._get_cached_secret())
        except json.decoder.JSONDecodeError:
            raise RuntimeError("Cached secret is not valid JSON") from None
        resolved = {}
        for orig, key in self.kwarg_map.items():
            try:
                resolved[orig] = secret[key]
            except KeyError:
                raise RuntimeError("Cached secret does not contain key %s"
                                   % key) from None

        def _wrapped_func(*args, **kwargs):
            return func(*args, **resolved, **kwargs)
        return _wrapped_func
