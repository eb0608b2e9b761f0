"""The demo seeded once for every test of this package.

Seeding the province takes most of a minute, so it is done once, inside a transaction
that is rolled back when the package is done: every other test of the suite still starts
from the bare geography. Each test here runs in its own savepoint on top of the seeded
data (the usual `db` fixture), so what one test writes, the next does not see."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="package", autouse=True)
def seeded_demo(django_db_setup, django_db_blocker):
    # Argon2 would make seeding the demo accounts, and every login of the tests, slow.
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def pytest_collection_modifyitems(items):
    # With several test workers (make test: pytest-xdist), the tests of this package go to
    # one worker together, so the demo is seeded once, not once per worker and file.
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.xdist_group("seeded-demo"))
