"""Hostile input for the whole API (issue 10): Schemathesis reads /api/v1/openapi.json and
sends every operation generated inputs, valid and not, in-process through the WSGI app:
the operations that need credentials as an LAO officer with a real API token, and every
operation with no credentials at all.

Every answer must be what the document promises: never a 500, a status code the operation
declares, a declared content type, and a body (and declared headers) matching its schema.
A path parameter that names a plan (organisation, cycle) is, in about half the examples,
อบต.กลาย's real draft, so that the answers with bodies are checked too, not only 404s.

Bounded for CI: a few examples per operation, derandomized so that every run (and every
xdist worker) sends the same inputs, no example database, no coverage phase (see CONFIG).

The database: each test runs in pytest-django's transaction (rolled back at its end) and
each example in a savepoint of its own, rolled back once the answer is checked, so a plan
or an item one example creates, or a rate-limit counter it bumps, never changes what a
later example sees (which would make a failure depend on the order of examples).
"""

import contextlib
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from eplan.accounts.services import api_token_create
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.wsgi import application

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# Examples and fuzzing (positive and negative inputs), bounded by max_examples. The
# coverage phase is not bounded by it (a case for every boundary of every field: 250 and
# more for a report's body) and takes minutes: EPLAN_SCHEMATHESIS_COVERAGE=1 adds it for a
# deeper run by hand.
CONFIG = schemathesis.Config.from_dict(
    {"phases": {"coverage": {"enabled": os.environ.get("EPLAN_SCHEMATHESIS_COVERAGE") == "1"}}}
)


def bounded(max_examples):
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


# Read at collection, where the database is out of bounds: the API's rate limit counts in
# the cache for this one request instead, and nothing else in answering it needs the
# database (pytest-django would refuse the query).
with override_settings(RATE_LIMIT_STORE="cache"):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


def _needs_credentials(ctx) -> bool:
    return bool(ctx.operation.definition.raw.get("security"))


secured = schema.include(_needs_credentials)
public = schema.exclude(_needs_credentials)

# Path parameters that name real objects (filled in by the `data` fixture).
KNOWN: dict[str, object] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    known = {name: KNOWN[name] for name in path_parameters or () if name in KNOWN}
    if not known:
        return st.just(path_parameters)
    return st.sampled_from([path_parameters, {**path_parameters, **known}])


@pytest.fixture
def _same_connection():
    """Django's handler closes the connection when a request starts and ends if it is not
    in autocommit mode, which here would end the test's transaction; the test client
    unhooks the same signal while it calls the app, and so do we."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def data(world, _same_connection):
    """อบต.กลาย's complete draft for 2562-2565, which its officer may read and edit."""
    cycles = ensure_cycles()
    plan = build_demo_plan(organisation=world.klai, cycle=cycles["2562-2565"])
    KNOWN.clear()
    KNOWN.update(
        organisation=world.klai.code,
        organisation_code=world.klai.code,
        cycle=plan.cycle.code,
        item_id=plan.items.order_by("pk").first().pk,
    )
    yield world
    KNOWN.clear()


@pytest.fixture
def caller(request):
    """The headers of a request as `request.param`: an officer's token, or nothing."""
    request.getfixturevalue("_same_connection")
    if request.param == "anonymous":
        return {}
    world = request.getfixturevalue("data")
    _token, key = api_token_create(actor=world.officer, name="schemathesis")
    return {"Authorization": f"Bearer {key}"}


@contextlib.contextmanager
def _rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _call(case, headers):
    with _rolled_back():
        case.call_and_validate(headers=headers, checks=CHECKS)


# Each test takes `caller` through pytest's parametrize, which also gives every operation's
# test an id of its own: without a parameter, pytest 9 names all of a schema's tests alike
# and pytest-xdist runs only one of them.


@secured.parametrize()
@pytest.mark.parametrize("caller", ["officer"], indirect=True)
@bounded(15)
def test_operations_as_an_officer(case, caller):
    _call(case, caller)


@public.parametrize()
@pytest.mark.parametrize("caller", ["anonymous"], indirect=True)
@bounded(15)
def test_public_operations_anonymously(case, caller):
    _call(case, caller)


# Without credentials every one of these answers 401 whatever the input (credentials are
# checked before parameters): a few examples show that each declares it, with its body.
@secured.parametrize()
@pytest.mark.parametrize("caller", ["anonymous"], indirect=True)
@bounded(5)
def test_operations_anonymously_are_refused(case, caller):
    _call(case, caller)
