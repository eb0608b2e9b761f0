"""Rate limits (issue 10, hole 14): password reset, login, the API, uploads and every PDF or
XLSX made on request, per signed-in user and per client address, answered 429 with
Retry-After; counted where every app server sees the same numbers.

Before the limits, six reset mails left in under a second and nothing stopped a seventh."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from eplan.core import ratelimit
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.testing import client_for, make_user

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"


@pytest.fixture
def limits(settings):
    """Small limits, so a test needs few requests; the real ones are in settings.py."""
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "login": {"methods": ["POST"], "address": "3/m"},
        "api": {"user": "3/m", "address": "5/m"},
        "upload": {"methods": ["POST"], "user": "2/10m", "address": "10/10m"},
        "export": {"user": "2/m", "address": "4/m"},
    }
    return settings.RATE_LIMITS


@pytest.fixture
def frozen_clock(monkeypatch):
    """The limiter's clock, at the start of a minute and moved by hand."""
    clock = {"now": 1_749_945_600.0}  # midnight UTC: the start of a minute, an hour and a day
    monkeypatch.setattr(ratelimit, "now", lambda: clock["now"])
    return clock


def test_the_seventh_password_reset_in_a_minute_is_refused_with_retry_after(world, frozen_clock):
    client = Client()
    people = [make_user(f"reset-{n}") for n in range(7)]
    answers = [client.post(RESET, {"identifier": person.username}) for person in people]
    assert [answer.status_code for answer in answers[:6]] == [302] * 6
    refused = answers[6]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    page = refused.content.decode()
    assert "มีคำขอมากเกินไป" in page and "กรุณารอ 60 วินาที" in page
    assert "no-store" in refused["Cache-Control"]
    assert len(mail.outbox) <= 6
    # Another address is not held up, and the limit lifts when the minute is over.
    assert client.post(RESET, {"identifier": "x"}, REMOTE_ADDR="10.1.2.3").status_code == 302
    frozen_clock["now"] += 60
    assert client.post(RESET, {"identifier": "x"}).status_code == 302


def test_resets_for_one_account_are_limited_from_every_address(world, frozen_clock):
    answers = [Client().post(RESET, {"identifier": " Officer.Klai "}, REMOTE_ADDR=f"10.0.0.{n}") for n in range(1, 8)]
    assert [answer.status_code for answer in answers] == [302] * 6 + [429]
    assert answers[6]["Retry-After"] == str(3600)
    assert "กรุณารอ 60 นาที" in answers[6].content.decode()


def test_the_reset_form_itself_is_not_counted(world, frozen_clock):
    client = Client()
    for _ in range(10):
        assert client.get(RESET).status_code == 200
    assert client.post(RESET, {"identifier": "someone"}).status_code == 302


def test_login_attempts_are_limited_per_address(world, limits, frozen_clock):
    client = Client()
    data = {"username": world.officer.username, "password": "wrong password"}
    assert [client.post("/accounts/login/", data).status_code for _ in range(3)] == [200] * 3
    refused = client.post("/accounts/login/", data)
    assert refused.status_code == 429 and int(refused["Retry-After"]) == 60
    assert client.get("/accounts/login/").status_code == 200  # the form is still shown
    assert Client().post("/accounts/login/", data, REMOTE_ADDR="10.9.9.9").status_code == 200


def test_the_api_answers_429_in_json_per_user_and_per_address(world, limits, frozen_clock):
    officer = client_for(world.officer)
    answers = [officer.get("/api/v1/organisations") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[3]
    assert refused["Content-Type"].startswith("application/json")
    assert "มีคำขอมากเกินไป" in refused.json()["detail"] and refused["Retry-After"] == "60"
    # A colleague at the same address still has their own allowance, until the address's is used.
    colleague = client_for(world.colleague)
    assert colleague.get("/api/v1/organisations").status_code == 200
    assert colleague.get("/api/v1/organisations").status_code == 429  # the address's fifth is its last


def test_an_api_token_counts_as_its_holder(world, limits, frozen_clock):
    headers = {"Authorization": "Bearer not-a-real-token"}
    answers = [Client().get("/api/v1/organisations", headers=headers) for _ in range(4)]
    assert [answer.status_code for answer in answers][-1] == 429  # 401 three times, then refused


@pytest.fixture
def plan(world):
    return build_demo_plan(organisation=world.klai, cycle=ensure_cycles()["2562-2565"])


def test_exports_are_limited_per_user(world, plan, limits, frozen_clock):
    url = reverse("plans:excel_export", args=[plan.organisation.code, plan.cycle.code])
    officer = client_for(world.officer)
    assert [officer.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client_for(world.colleague).get(url).status_code == 200  # the address's fourth


def test_public_downloads_are_limited_per_address(world, plan, limits, frozen_clock):
    """Each search is a workbook made for it; a workbook already made is served without
    counting (eplan.jobs), so only the making is limited."""
    url = reverse("public:status_xlsx", args=[plan.cycle.code])
    visitor = Client()
    searches = [{"q": f"ค้นหา {n}"} for n in range(5)]
    assert [visitor.get(url, search).status_code for search in searches] == [200] * 4 + [429]
    assert visitor.get(url, searches[0]).status_code == 200  # made already: not counted
    assert Client().get(url, searches[4], REMOTE_ADDR="10.7.7.7").status_code == 200


def test_uploads_are_limited_but_not_the_upload_form(world, plan, limits, frozen_clock):
    url = reverse("plans:excel_import", args=[plan.organisation.code, plan.cycle.code])
    officer = client_for(world.officer)
    for _ in range(5):
        assert officer.get(url).status_code == 200
    answers = [officer.post(url, {}) for _ in range(3)]
    assert [answer.status_code == 429 for answer in answers] == [False, False, True]


def test_counters_live_in_the_database_shared_by_every_app_server(frozen_clock):
    rate = ratelimit.Rate.parse("6/m")
    assert ratelimit.hit("example", rate) == (1, 60)
    frozen_clock["now"] += 15
    assert ratelimit.hit("example", rate) == (2, 45)
    with connection.cursor() as cursor:
        cursor.execute("SELECT hits FROM core_rate_counter WHERE bucket LIKE 'rl:example:%%'")
        assert cursor.fetchall() == [(2,)]


def test_counters_can_live_in_the_cache_instead(settings, frozen_clock):
    settings.RATE_LIMIT_STORE = "cache"  # Redis in production
    rate = ratelimit.Rate.parse("2/h")
    assert [ratelimit.hit("cached", rate)[0] for _ in range(3)] == [1, 2, 3]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM core_rate_counter")
        assert cursor.fetchone() == (0,)


def test_windows_that_have_ended_are_cleared_away(frozen_clock):
    rate = ratelimit.Rate.parse("1/m")
    for name in ("a", "b", "c"):
        ratelimit.hit(name, rate)
    frozen_clock["now"] += 120
    ratelimit.hit("d", rate)
    with connection.cursor() as cursor:
        cursor.execute("SELECT bucket FROM core_rate_counter")
        assert [row[0].split(":")[1] for row in cursor.fetchall()] == ["d"]


@pytest.mark.parametrize(
    ("text", "rate"),
    [("6/m", (6, 60)), ("60/10m", (60, 600)), ("1000/d", (1000, 86400)), (" 5 / s ", (5, 1))],
)
def test_rates_are_written_count_per_period(text, rate):
    assert ratelimit.Rate.parse(text) == ratelimit.Rate(*rate)


def test_a_rate_written_otherwise_is_refused():
    with pytest.raises(ValueError, match="6/m"):
        ratelimit.Rate.parse("six a minute")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="threads share one database on PostgreSQL only")
def test_requests_at_the_same_moment_are_each_counted_once():
    """Twenty requests in parallel (as from several app servers): the counter ends at 20
    and exactly six of them are within 6/m."""
    rate = ratelimit.Rate.parse("6/m")
    start, results = threading.Barrier(20), []

    def one():
        start.wait()
        try:
            results.append(ratelimit.hit("parallel", rate)[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(1, 21))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_rate_counter")
