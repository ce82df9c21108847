"""Which caches the settings give: shared limits always, Redis for everything when REDIS_URL is set.

``make test`` runs this module, the limits, lockout and page-cache tests a
third time with a throwaway Redis server; there REDIS_URL is set.
"""

import os

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.django_db


def test_limits_live_in_a_cache_every_worker_shares():
    backend = caches["limits"].__class__.__name__
    if os.environ.get("REDIS_URL"):
        assert {caches[name].__class__.__name__ for name in ("default", "pages", "limits")} == {"RedisCache"}
    else:
        assert backend == "DatabaseCache"


def test_the_limits_cache_counts_for_real():
    limits = caches["limits"]
    assert limits.add("probe", 1, timeout=30)
    assert not limits.add("probe", 1, timeout=30)
    assert limits.incr("probe") == 2
    if os.environ.get("REDIS_URL"):
        import redis

        server = redis.Redis.from_url(os.environ["REDIS_URL"])
        assert any(b"probe" in key for key in server.keys("*"))  # really in Redis, not in this process
