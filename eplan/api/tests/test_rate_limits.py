"""The API's rate limit (issue 12, part 8: "per token and per address for anonymous use,
answered with 429 and Retry-After"): a personal token has a budget of its own and counts
for its holder too, so a person's tokens and browser session together never have more than
one person's budget; anonymous callers are counted by their address; a refusal is Thai JSON
with Retry-After, whichever counter refused."""

import pytest
from django.test import Client

from eplan.accounts.services import api_token_create
from eplan.core import ratelimit
from eplan.testing import client_for

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def limits(settings):
    """Three requests a minute per token and per person, ten per address."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": {"user": "3/m", "address": "10/m"}}


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    clock = {"now": 1_749_945_600.0}  # the start of a minute
    monkeypatch.setattr(ratelimit, "now", lambda: clock["now"])
    return clock


def token_of(user, name="สคริปต์"):
    _token, key = api_token_create(actor=user, name=name)
    return {"Authorization": f"Bearer {key}"}


def refused_in_thai(response, seconds=60):
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert "มีคำขอมากเกินไป" in response.json()["detail"]
    assert response["Retry-After"] == str(seconds)
    return True


def test_each_token_has_a_budget_of_its_own(world, limits):
    first, second = token_of(world.officer, "หนึ่ง"), token_of(world.officer, "สอง")

    answers = [Client().get(f"{API}/organisations", headers=first) for _ in range(4)]

    assert [answer.status_code for answer in answers[:3]] == [200] * 3
    assert refused_in_thai(answers[3])
    assert Client().get(f"{API}/organisations", headers=second).status_code == 200


def test_two_tokens_of_one_person_share_the_persons_budget(world, limits):
    first, second = token_of(world.officer, "หนึ่ง"), token_of(world.officer, "สอง")
    answers = [Client().get(f"{API}/plans", headers=headers) for headers in (first, first, second, second)]

    assert [answer.status_code for answer in answers[:3]] == [200] * 3
    assert refused_in_thai(answers[3])  # the person's fourth, on a token that made only its second
    # Another person is not held up by it.
    assert Client().get(f"{API}/plans", headers=token_of(world.colleague)).status_code == 200


def test_a_persons_tokens_and_session_share_one_budget(world, limits):
    headers = token_of(world.officer)
    assert [Client().get(f"{API}/plans", headers=headers).status_code for _ in range(3)] == [200] * 3

    assert refused_in_thai(client_for(world.officer).get(f"{API}/plans"))


def test_anonymous_callers_are_counted_by_their_address(world, limits, frozen_clock):
    answers = [Client().get(f"{API}/provinces") for _ in range(11)]

    assert [answer.status_code for answer in answers[:10]] == [200] * 10
    assert refused_in_thai(answers[10])
    assert Client().get(f"{API}/provinces", REMOTE_ADDR="10.9.9.9").status_code == 200
    frozen_clock["now"] += 30
    assert refused_in_thai(Client().get(f"{API}/provinces"), seconds=30)
    frozen_clock["now"] += 30
    assert Client().get(f"{API}/provinces").status_code == 200


def test_every_operation_that_may_refuse_credentials_declares_the_429():
    spec = Client().get(f"{API}/openapi.json").json()
    undeclared = [
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if "401" in operation["responses"] and "429" not in operation["responses"]
    ]
    assert undeclared == []
