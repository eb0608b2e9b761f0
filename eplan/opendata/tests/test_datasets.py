"""The open datasets as a visitor downloads them: one row per active อปท., CSV that Excel
opens in Thai with formulas kept as text, JSON with its dictionary and licence, scores only
once released, no personal data, 404 for what does not exist."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eplan.core.thai import thai_datetime
from eplan.opendata import catalogue
from eplan.opendata.tests.conftest import PERSONAL, STAFF_NAMES
from eplan.registry.models import Organisation

pytestmark = pytest.mark.django_db

CYCLE = "2562-2565"


def csv_rows(response) -> list[dict]:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def plan_status_url(fmt, cycle=CYCLE):
    return reverse("opendata:plan_status", kwargs={"cycle_code": cycle, "fmt": fmt})


def planned_budget_url(fmt, year=2562, cycle=CYCLE):
    return reverse("opendata:planned_budget", kwargs={"cycle_code": cycle, "fiscal_year": year, "fmt": fmt})


def implementation_url(fmt, year=2562, kind="6", cycle=CYCLE):
    return reverse(
        "opendata:implementation", kwargs={"cycle_code": cycle, "fiscal_year": year, "round_kind": kind, "fmt": fmt}
    )


def by_code(rows) -> dict:
    return {row["code"]: row for row in rows}


def test_plan_status_has_one_row_per_active_organisation_in_thai(client, published):
    response = client.get(plan_status_url("csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    active = Organisation.objects.filter(active=True).order_by("province_id", "district_id", "code")
    assert [row["code"] for row in rows] == list(active.values_list("code", flat=True))
    assert published.inactive.code not in by_code(rows)
    klai = by_code(rows)[published.klai.code]
    assert klai["display_name"] == "อบต.กลาย" and klai["province_name"] == "นครศรีธรรมราช"
    assert klai["status"] == "passed" and klai["status_label"] == "ผ่านเกณฑ์มาตรฐาน"
    assert by_code(rows)[published.tha_sala.code]["status_label"] == "อยู่ระหว่างการประเมิน"
    assert by_code(rows)[published.other_district.code]["status"] == "not_submitted"


def test_a_name_that_looks_like_a_formula_stays_text(client, published):
    rows = csv_rows(client.get(plan_status_url("csv")))
    assert by_code(rows)[published.formula.code]["name"] == "'=1+1"
    document = client.get(plan_status_url("json")).json()
    assert {row["code"]: row for row in document["rows"]}[published.formula.code]["name"] == "=1+1"


def test_json_carries_the_dictionary_the_licence_and_when_it_was_read(client, published):
    response = client.get(plan_status_url("json"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(response.content.decode("utf-8"))
    assert set(document) >= {"title", "description", "licence", "attribution", "generated_at", "fields", "rows"}
    assert document["licence"]["id"] == "CC-BY-4.0"
    assert "สำนักงาน ป.ป.ช." in document["attribution"] and "GeoThai" in document["attribution"]
    names = [field["field"] for field in document["fields"]]
    assert names[0] == "code" and "status" in names and "dimension_1_score" in names
    assert all(field["meaning"] for field in document["fields"])
    assert {field["unit"] for field in document["fields"] if field["field"] == "total_score"} == {"คะแนน"}
    assert all(list(row) == names for row in document["rows"])
    assert response["Last-Modified"]


def test_released_scores_are_those_of_the_counting_set(client, published, cycle):
    rows = by_code(client.get(plan_status_url("json")).json()["rows"])
    klai, krabi, tha_sala = rows[published.klai.code], rows[published.krabi.code], rows[published.tha_sala.code]
    assert klai["total_score"] == klai["max_score"] > 0
    assert klai["dimension_1_score"] == klai["dimension_1_max"] > 0
    assert krabi["status"] == "incomplete" and krabi["total_score"] == 0 and krabi["dimension_1_score"] == 0
    assert tha_sala["total_score"] is None and tha_sala["dimension_1_score"] is None
    assert klai["pass_mark"] == float(cycle.pass_mark)


def test_unreleased_scores_are_absent(client, published, cycle):
    cycle.score_release_date = timezone.localdate() + timezone.timedelta(days=5)
    cycle.save(update_fields=["score_release_date"])
    document = client.get(plan_status_url("json")).json()
    names = [field["field"] for field in document["fields"]]
    assert not [name for name in names if "score" in name or name == "pass_mark"]
    rows = by_code(document["rows"])
    assert rows[published.klai.code]["status"] == "in_assessment"
    assert "total_score" not in rows[published.klai.code]
    header = csv_rows(client.get(plan_status_url("csv")))[0]
    assert "total_score" not in header and "dimension_1_score" not in header
    planned = by_code(client.get(planned_budget_url("json")).json()["rows"])
    assert planned[published.klai.code]["budget"] is None


def test_planned_budget_only_for_plans_whose_result_is_released(client, published):
    rows = by_code(csv_rows(client.get(planned_budget_url("csv"))))
    klai = rows[published.klai.code]
    assert int(klai["items"]) > 0 and float(klai["budget"]) > 0
    dimensions = sum(float(klai[f"dimension_{n}_budget"]) for n in (1, 2, 3, 4))
    assert dimensions == float(klai["budget"])
    assert rows[published.krabi.code]["budget"] == klai["budget"]  # the same demo plan, released too
    assert rows[published.tha_sala.code]["budget"] == "" and rows[published.other_district.code]["items"] == ""


def test_implementation_has_completeness_and_the_score_with_its_band(client, published):
    rows = by_code(client.get(implementation_url("json")).json()["rows"])
    klai = rows[published.klai.code]
    assert klai["expected"] is True and klai["submitted"] is True and klai["on_time"] is True
    assert klai["late"] is False and klai["missing"] is False
    assert klai["items"] == klai["done"] > 0
    assert klai["score"] == 100 and klai["band"] == "green" and klai["band_label"] == "สีเขียว"
    other = rows[published.tha_sala.code]
    assert other["expected"] is False and other["submitted"] is None and other["score"] is None
    csv_klai = by_code(csv_rows(client.get(implementation_url("csv"))))[published.klai.code]
    assert (csv_klai["expected"], csv_klai["late"], csv_klai["band"]) == ("1", "0", "green")


def every_file(cycle):
    for entry in catalogue.catalogue(cycle):
        for fmt in catalogue.FORMATS:
            yield entry.url(fmt)
        yield entry.api_path


def test_no_dataset_carries_personal_data(client, published, cycle):
    urls = list(every_file(cycle))
    assert len(urls) == 3 * (1 + len(cycle.fiscal_years) + 1)  # the 6-month round is fixed
    users = [published.officer, published.executive, published.colleague, published.nacc_provincial]
    secrets = [*PERSONAL.values(), *STAFF_NAMES, *(user.email for user in users), "saraban@", "@example.org"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode("utf-8-sig")
        assert "กลาย" in text
        found = [secret for secret in secrets if secret in text]
        assert not found, (url, found)


@pytest.mark.parametrize(
    "url",
    [
        "/open-data/2500-2503/",
        "/open-data/2500-2503/plan-status.csv",
        "/open-data/2500-2503/2500/planned-budget.json",
        f"/open-data/{CYCLE}/2570/planned-budget.csv",
        f"/open-data/{CYCLE}/2570/6/implementation.csv",
        f"/open-data/{CYCLE}/2563/12/implementation.json",  # a year of the cycle, its round not made yet
        "/api/v1/open-data/2500-2503/plan-status",
        f"/api/v1/open-data/{CYCLE}/2570/planned-budget",
        f"/api/v1/open-data/{CYCLE}/2562/7/implementation",
    ],
)
def test_what_does_not_exist_is_a_404(client, cycle, url):
    assert client.get(url).status_code == 404


def test_the_cycle_page_lists_datasets_dictionary_and_licence(client, published, cycle):
    page = client.get(reverse("opendata:cycle", args=[CYCLE])).content.decode()
    assert plan_status_url("csv") in page and planned_budget_url("json", 2565) in page
    assert implementation_url("csv") in page
    assert "dimension_1_budget" in page and "บาท" in page and "ร้อยละ" in page
    assert "CC BY 4.0" in page and "GeoThai" in page
    assert "อ่านใหม่เมื่อดาวน์โหลด" in page
    served = client.get(plan_status_url("json")).json()["generated_at"]
    page = client.get(reverse("opendata:cycle", args=[CYCLE])).content.decode()
    assert page.count("อ่านใหม่เมื่อดาวน์โหลด") == len(catalogue.catalogue(cycle)) - 1
    assert thai_datetime(datetime.datetime.fromisoformat(served), short=True) in page
    index = client.get(reverse("opendata:index")).content.decode()
    assert reverse("opendata:cycle", args=[CYCLE]) in index


def test_the_api_lists_every_dataset_and_answers_the_same_json(client, published, cycle):
    listed = client.get("/api/v1/open-data").json()
    mine = [row for row in listed if row["cycle"] == CYCLE]
    assert [row["dataset"] for row in mine][:2] == ["plan-status", "planned-budget"]
    assert mine[-1] == {
        "cycle": CYCLE,
        "dataset": "implementation",
        "fiscal_year": 2562,
        "round_kind": "6",
        "title": "ผลการดำเนินงานตามแผน รอบ 6 เดือน ปีงบประมาณ 2562",
        "api_url": f"http://testserver/api/v1/open-data/{CYCLE}/2562/6/implementation",
        "csv_url": "http://testserver" + implementation_url("csv"),
        "json_url": "http://testserver" + implementation_url("json"),
    }
    assert client.get(mine[-1]["api_url"]).content == client.get(mine[-1]["json_url"]).content


def writes(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_a_copy_is_kept_and_a_get_never_writes(client, published, cycle):
    urls = [url for url in every_file(cycle) if not url.startswith("/api/")]
    with CaptureQueriesContext(connection) as first:
        answers = [client.get(url) for url in urls]
    assert not writes(first)
    with CaptureQueriesContext(connection) as again:
        repeated = [client.get(url) for url in urls]
    assert not writes(again)
    assert [answer.content for answer in answers] == [answer.content for answer in repeated]
    assert len(again) <= 3 * len(urls)  # the cycle (and its round) to check the address, nothing more
    assert answers[0]["Cache-Control"].startswith("public") or "public" in answers[0]["Cache-Control"]
