"""A public PDF of a submitted report is made once and then served from the shared cache
(issue 10, hole 14: it cost 2.1 s for every anonymous request), until the organisation's
record changes: a report reopened for correction is not served, and its new submission is
printed afresh."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eplan.core import pdf
from eplan.demo.plans import ensure_cycles
from eplan.reporting import services
from eplan.reporting.tests.conftest import assessed, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(db):
    cycle = ensure_cycles()["2562-2565"]
    cycle.score_release_date = timezone.localdate() - datetime.timedelta(days=30)
    cycle.save(update_fields=["score_release_date"])
    return cycle


@pytest.fixture
def laid_out(monkeypatch):
    """Every PDF laid out (the slow part), without laying it out."""
    made = []

    def fake_html_to_pdf(html):
        made.append(html)
        return f"%PDF-1.7 copy {len(made)}".encode()

    monkeypatch.setattr(pdf, "html_to_pdf", fake_html_to_pdf)
    return made


@pytest.fixture
def report(world, cycle):
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    lines = {line.pk: {"status": "done"} for line in report.lines.filter(item_id__isnull=False)}
    services.report_save(actor=world.officer, report=report, lines=lines)
    return services.report_submit(actor=world.officer, report=report)


def public_url(report):
    round = report.round
    return reverse("public:organisation_report_pdf", args=[report.organisation.code, round.cycle.code, round.code])


def test_a_public_report_pdf_is_made_once_and_then_served_from_the_cache(report, laid_out):
    first = Client().get(public_url(report))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    again = Client(REMOTE_ADDR="10.4.4.4").get(public_url(report) + "?utm_source=lao-website")
    assert again.status_code == 200 and again.content == first.content == b"%PDF-1.7 copy 1"
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert len(laid_out) == 1
    # Thai digits are another document, kept in its turn.
    thai = Client().get(public_url(report) + "?digits=thai")
    assert thai.content == b"%PDF-1.7 copy 2"
    assert Client().get(public_url(report) + "?digits=thai").content == b"%PDF-1.7 copy 2"
    assert len(laid_out) == 2


def test_a_report_reopened_and_sent_again_is_printed_afresh(world, report, laid_out):
    assert Client().get(public_url(report)).status_code == 200
    services.report_reopen(actor=world.nacc_provincial, report=report, reason="แก้ไขผลการดำเนินงาน")
    assert Client().get(public_url(report)).status_code == 404
    services.report_submit(actor=world.officer, report=report)
    again = Client().get(public_url(report))
    assert again.status_code == 200 and again.content == b"%PDF-1.7 copy 2"


def test_a_draft_report_is_not_public_and_nothing_is_kept(world, cycle, laid_out):
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    assert Client().get(public_url(report)).status_code == 404
    assert laid_out == []
