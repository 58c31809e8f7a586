"""The cache store: Django's Redis cache, made to miss instead of failing in an outage."""

import logging

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


class FailSafeRedisCache(RedisCache):
    """Django's Redis cache, but a Redis outage makes it a cache that misses.

    Reads return the default, writes report success (so callers such as the lead
    form's replay check fail open), and the error is logged. Pages are then served
    uncached, slower but not broken.
    """

    def _guard(self, operation, fallback, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except ValueError:
            raise  # incr() of a missing key: part of the cache API, not an outage
        except Exception as error:  # redis.exceptions.RedisError and socket errors
            logger.warning("Cache unavailable (%s): %s", operation, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._guard("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, keys, version)

    def set(self, key, value, timeout=None, version=None):
        return self._guard("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        return self._guard("add", True, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._guard("set_many", [], data, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._guard("incr", delta, key, delta, version)

    def touch(self, key, timeout=None, version=None):
        return self._guard("touch", False, key, timeout, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, key, version)

    def clear(self):
        return self._guard("clear", None)
