"""Shared test set-up: the geography is loaded once per test database; `world` gives the
organisations and people that every permission test needs (an owner, a colleague, and
outsiders in another district, province and region), after hc/test.py."""

import pytest

from eplan.testing import World


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from eplan.registry.services import geography_sync

    with django_db_blocker.unblock():
        geography_sync()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests check behaviour, not hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _thai_first():
    # A request in English leaves its language active in the thread (LocaleMiddleware does
    # not undo it), which would turn later tests' messages English. Each test starts Thai.
    from django.utils import translation

    translation.activate("th")
    yield
    translation.activate("th")


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def geography(db):
    """Provinces and districts, also for a test whose writes are committed
    (transaction=True): such a test empties the database when it ends, the session's
    geography with it, so the next one loads it again."""
    from eplan.registry.models import District
    from eplan.registry.services import geography_sync

    if not District.objects.exists():
        geography_sync()


@pytest.fixture
def world(geography):
    return World.build()
