"""Hostile input, generated: every importer takes any file and either imports it or refuses
it with a message; it never fails with an error, and never imports part of a file (issue
10, "hostile input in CI"). The registry's CSV and XLSX, the plan and report workbooks
(through their pages, as an officer uploads them) and the framework and criteria YAML.

Each example runs inside a transaction rolled back afterwards, so examples do not see one
another. Budgets are small and fixed (no example database, no deadline) so CI stays fast.
"""

import contextlib
import csv
import io
import re
import zipfile

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from eplan.core import spreadsheets
from eplan.core.models import AuditEvent
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.frameworks import loader
from eplan.frameworks import services as framework_services
from eplan.plans import document
from eplan.plans import excel as plan_excel
from eplan.plans.models import PlanItem
from eplan.registry import importers
from eplan.registry import services as registry_services
from eplan.registry.models import Organisation
from eplan.reporting import excel as report_excel
from eplan.reporting import services as reporting_services
from eplan.reporting.models import ReportLine
from eplan.reporting.tests.conftest import assessed, open_round

pytestmark = pytest.mark.django_db

BUDGET = settings(
    max_examples=60,
    deadline=None,
    database=None,  # no .hypothesis folder in the work tree; CI runs the same examples budget
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
PAGES_BUDGET = settings(BUDGET, max_examples=25)  # each example uploads through two pages
PARSE_BUDGET = settings(BUDGET, max_examples=150)  # parsing only: cheap


class Rollback(Exception):
    pass


@contextlib.contextmanager
def rolled_back():
    """The example's writes are undone, whatever it did."""
    with contextlib.suppress(Rollback), transaction.atomic():
        yield
        raise Rollback


# What an attacker or a careless paste puts in a cell --------------------------------------

TRICKY = [
    "",
    " ",
    "-",
    "—",
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "+66",
    "@SUM(A1)",
    "ไม่ใช้งบประมาณ",
    "20,000.-",
    "๒๐,๐๐๐",
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "-5",
    "0.001",
    "9" * 40,
    "1,2,3,4",
    "5",
    "1.1.1",
    "๑.๑.๑",
    "99.99.99",
    "โครงการ",
    "project",
    "done",
    "not_possible",
    "ใช่",
    "ไม่ใช่",
    "\x00",
    "a\x00b",
    "\t\r\n",
    "<script>alert(1)</script>",
    "'; DROP TABLE plans_planitem; --",
    "นครศรีธรรมราช",
    "ท่าศาลา",
    "อบต.",
    "ทต.",
    "6800808",
    "1234567",
]
TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=30),
    st.text(alphabet="กขคงจฉ0123456789.,- ๑๒๓", min_size=1, max_size=12),
    st.text(min_size=490, max_size=620),
)
CELL = st.one_of(
    TEXT,
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
)


def _refusal_says_why(messages):
    texts = [str(message) for message in messages]
    assert texts and all(text.strip() for text in texts), texts


# The registry: CSV and XLSX (import_organizations) ----------------------------------------

NUMBER_TEXT = st.one_of(
    st.sampled_from(["", "-", "1e400", "NaN", "Infinity", "-91", "180.0000000001", "12.5", "1,234.56", "99999999999"]),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
# Each column mostly what the DLA file holds, often something else: rows reach validation
# and the import, not only the header check.
ROW = st.fixed_dictionaries(
    {
        "province": st.one_of(st.sampled_from(["นครศรีธรรมราช", "จังหวัดนครศรีธรรมราช", "80", "กระบี่"]), TEXT),
        "district": st.one_of(st.sampled_from(["ท่าศาลา", "อำเภอท่าศาลา", "8008", "เมืองกระบี่"]), TEXT),
        "code": st.one_of(
            st.sampled_from(["6800808", "6800899", "5800801", "680080", "68008080"]), TEXT, st.integers()
        ),
        "type": st.one_of(st.sampled_from(sorted(importers.TYPE_ALIASES)), TEXT),
        "name": st.one_of(st.sampled_from(["กลาย", "อบต.กลาย", "ใหม่", ""]), TEXT),
        "area": NUMBER_TEXT,
        "lat": NUMBER_TEXT,
        "lon": NUMBER_TEXT,
    }
)
HEADERS = st.one_of(
    st.permutations(list(importers.CSV_COLUMNS)),
    st.lists(st.sampled_from(list(importers.CSV_COLUMNS)), max_size=9),
    st.lists(TEXT, max_size=6),
)
TABLE = st.tuples(HEADERS, st.lists(ROW, max_size=12)).map(
    lambda table: (
        [importers.CSV_COLUMNS.get(key, key) for key in table[0]],
        [[row.get(key, "") for key in table[0]] for row in table[1]],
    )
)


def _csv_bytes(header, rows, encoding):
    handle = io.StringIO()
    writer = csv.writer(handle)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return handle.getvalue().encode(encoding, errors="replace")


def _xlsx_bytes(header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(spreadsheets.cells(sheet, header))
    for row in rows:
        sheet.append(spreadsheets.cells(sheet, row))
    return spreadsheets.workbook_bytes(workbook)


def _registry_import(read, raw):
    before = Organisation.objects.count()
    try:
        records = importers.validate(read(raw), registry_services.load_geography())
        result = registry_services.organisations_import(records=records, source_name="hostile", rows=0)
    except importers.FileRefused as refused:
        _refusal_says_why(refused.problems)
        assert Organisation.objects.count() == before  # nothing half-imported
        return
    assert Organisation.objects.count() == before + result.created
    assert set(Organisation.objects.filter(code__in=[r.code for r in records]).values_list("code", flat=True)) == {
        record.code for record in records
    }


@BUDGET
@given(table=TABLE, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp874"]))
def test_any_registry_csv_imports_or_is_refused_with_reasons(world, table, encoding):
    header, rows = table
    with rolled_back():
        _registry_import(importers.read_csv, _csv_bytes(header, rows, encoding))


@BUDGET
@given(table=TABLE, cut=st.one_of(st.none(), st.integers(min_value=0, max_value=4000)))
def test_any_registry_xlsx_imports_or_is_refused_with_reasons(world, table, cut):
    raw = _xlsx_bytes(*table)
    with rolled_back():
        _registry_import(importers.read_xlsx, raw if cut is None else raw[:cut])


@PARSE_BUDGET
@given(raw=st.binary(max_size=2000))
def test_any_bytes_given_to_the_registry_importers_are_refused_or_read(world, raw):
    for read in (importers.read_csv, importers.read_xlsx, importers.read_json):
        try:
            read(raw)
        except importers.FileRefused as refused:
            _refusal_says_why(refused.problems)


# Plan and report workbooks, uploaded through their pages ----------------------------------

EDITS = st.lists(
    st.tuples(st.integers(min_value=1, max_value=46), st.integers(min_value=1, max_value=24), CELL), max_size=8
)
DAMAGE = st.sampled_from(["none", "none", "none", "drop-front", "rename-items", "truncate", "foreign-part"])


def _edited(raw, sheet_index, edits, damage):
    workbook = load_workbook(io.BytesIO(raw))
    sheet = workbook.worksheets[sheet_index]
    for row, column, value in edits:
        spreadsheets.put(sheet.cell(row=row, column=column), value)
    if damage == "drop-front" and len(workbook.worksheets) > 2:
        del workbook[workbook.sheetnames[1]]
    if damage == "rename-items":
        sheet.title = "Sheet1"
    out = spreadsheets.workbook_bytes(workbook)
    if damage == "truncate":
        return out[: len(out) * 2 // 3]
    if damage == "foreign-part":
        buffer = io.BytesIO(out)
        with zipfile.ZipFile(buffer, "a") as archive:
            archive.writestr("xl/worksheets/sheet9.xml", "<worksheet><sheetData><row><c>")
        return buffer.getvalue()
    return out


def _page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def _items_state(plan):
    return sorted(PlanItem.objects.filter(plan=plan).values_list("pk", "title", "mission_id", "position", "note"))


@pytest.fixture
def plan(world):
    return build_demo_plan(organisation=world.klai, cycle=ensure_cycles()["2562-2565"])


@pytest.fixture
def plan_export(plan):
    return spreadsheets.workbook_bytes(plan_excel.build_workbook(plan, items=document.load_items(plan)))


@PAGES_BUDGET
@given(edits=EDITS, damage=DAMAGE)
def test_any_edit_of_a_plan_workbook_imports_or_is_refused_with_reasons(world, plan, plan_export, edits, damage):
    raw = _edited(plan_export, 0, edits, damage)
    args = [plan.organisation.code, plan.cycle.code]
    with rolled_back():
        client = Client()
        client.force_login(world.officer)
        before = _items_state(plan)
        events = AuditEvent.objects.count()
        upload = client.post(
            reverse("plans:excel_import", args=args), {"file": SimpleUploadedFile("hostile.xlsx", raw)}
        )
        if upload.status_code == 422:
            assert re.search("แถว|ไฟล์|คอลัมน์", upload.content.decode())
            assert _items_state(plan) == before
            return
        assert upload.status_code == 302, upload.status_code
        applied = client.post(reverse("plans:excel_import_apply", args=args))
        assert applied.status_code == 302
        if applied["Location"] == reverse("plans:excel_import", args=args):  # refused when applied
            _refusal_says_why(_page_messages(client.get(applied["Location"])))
            assert _items_state(plan) == before
        elif _items_state(plan) != before:
            assert AuditEvent.objects.count() > events  # whatever changed is on the record


@pytest.fixture
def report(world):
    cycle = ensure_cycles()["2562-2565"]
    cycle.score_release_date = cycle.submission_opens
    cycle.save(update_fields=["score_release_date"])
    assessed(world, world.klai, cycle)
    return reporting_services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)


@pytest.fixture
def report_export(report):
    return spreadsheets.workbook_bytes(report_excel.build_workbook(report, list(report.lines.all())))


def _lines_state(report):
    return sorted(ReportLine.objects.filter(report=report).values_list("pk", "status", "outputs", "disbursed", "note"))


@PAGES_BUDGET
@given(edits=EDITS, damage=DAMAGE)
def test_any_edit_of_a_report_workbook_imports_or_is_refused_with_reasons(world, report, report_export, edits, damage):
    raw = _edited(report_export, 0, edits, damage)
    round = report.round
    url = reverse("reporting:report_import", args=[world.klai.code, round.cycle.code, round.code])
    with rolled_back():
        client = Client()
        client.force_login(world.officer)
        before = _lines_state(report)
        upload = client.post(url, {"file": SimpleUploadedFile("hostile.xlsx", raw)})
        if upload.status_code == 422:
            assert re.search("แถว|ไฟล์|คอลัมน์", upload.content.decode())
            assert _lines_state(report) == before
            return
        assert upload.status_code == 200, upload.status_code  # the preview
        applied = client.post(url, {"confirm": "1", "token": upload.context["token"]})
        if applied.status_code == 422:  # refused when saved: named by row, nothing saved
            assert re.search("แถว|คอลัมน์", applied.content.decode())
            assert _lines_state(report) == before
        else:
            assert applied.status_code == 302


# Framework and criteria YAML (load_framework) ---------------------------------------------

SCALAR = st.one_of(TEXT, st.integers(min_value=-(10**12), max_value=10**12), st.floats(), st.booleans(), st.none())
VALUE = st.one_of(SCALAR, st.lists(SCALAR, max_size=2), st.dictionaries(TEXT, SCALAR, max_size=2))
# Values a field of the format might hold, the awkward ones listed so that a small budget
# meets them: numbers beyond any column, not-a-number, text where a number goes, lists.
ODD = [0, -1, 99, 100, 10**6, 10**30, 1.5, float("inf"), float("nan"), "1", "x", "", None, True, [1], {"a": 1}]
NUMBER = st.one_of(st.sampled_from([1, 2, 3, 4, *ODD]), st.sampled_from([1, 2, 3, 4, *ODD]), VALUE)
CODE = st.one_of(st.sampled_from(["1.1", "1.2", "1.1.1", "1.1.2", "2.1", "1.1.1.1", "1." + "1" * 30, "x"]), SCALAR)
MISSION = st.recursive(
    st.fixed_dictionaries({"code": CODE, "title": st.one_of(TEXT, VALUE), "source": VALUE}),
    lambda children: st.fixed_dictionaries(
        {"code": CODE, "title": TEXT, "source": VALUE, "missions": st.one_of(st.lists(children, max_size=3), VALUE)}
    ),
    max_leaves=8,
)
DIMENSION = st.fixed_dictionaries(
    {
        "number": NUMBER,
        "title": st.one_of(TEXT, VALUE),
        "source": VALUE,
        "missions": st.one_of(st.lists(MISSION, max_size=4), VALUE),
    }
)
FRAMEWORK = st.fixed_dictionaries(
    {
        "dimensions": st.one_of(*[st.lists(DIMENSION, min_size=1, max_size=4)] * 3, VALUE),
        "target_groups": st.one_of(st.lists(SCALAR, max_size=4), VALUE),
        "cycle_titles": st.one_of(st.lists(SCALAR, max_size=2), VALUE),
    }
)
CHECKS = ["min_items_in_mission", "part1_section_filled", "budget_stated", "", "nonsense"]
CRITERION = st.fixed_dictionaries(
    {
        "text": st.one_of(TEXT, VALUE),
        "points": st.one_of(st.sampled_from([5, 1000, "3.333", "NaN", "1e9", "Infinity", *ODD]), VALUE),
        "dimension": NUMBER,
        "mission": st.one_of(st.sampled_from(["1.1", "1.1.1", "9.9", *ODD]), VALUE),
        "check": st.one_of(*[st.sampled_from(CHECKS)] * 3, VALUE),
        "min": NUMBER,
        "section": st.one_of(st.sampled_from(["risk_analysis", "x", *ODD]), VALUE),
        "check_mission": st.one_of(st.sampled_from(["1.1", "9.9"]), VALUE),
        "text_en": VALUE,
    }
)
CRITERIA = st.fixed_dictionaries(
    {
        "criteria": st.one_of(*[st.lists(CRITERION, min_size=1, max_size=5)] * 3, VALUE),
        "pass_mark": st.one_of(st.sampled_from([80, 0, 100, 101, -1, "NaN", "1e999"]), VALUE),
        "about": VALUE,
    }
)


def _yaml(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True).encode()


@pytest.fixture
def cycle(world):
    return ensure_cycles()["2562-2565"]


def _loads_or_says_why(load):
    try:
        load()
    except loader.FileRefused as refused:
        _refusal_says_why(refused.problems)
        return False
    except ValidationError as refused:
        _refusal_says_why(refused.messages)
        return False
    return True


@PARSE_BUDGET
@given(data=FRAMEWORK)
def test_any_framework_file_loads_or_is_refused_with_reasons(cycle, data):
    raw = _yaml(data)
    with rolled_back():
        before = sorted(cycle.missions.values_list("code", "title"))

        def load():
            framework_services.framework_load(actor=None, cycle=cycle, spec=loader.parse_framework(raw), command=True)

        if not _loads_or_says_why(load):
            assert sorted(cycle.missions.values_list("code", "title")) == before


@PARSE_BUDGET
@given(data=CRITERIA)
def test_any_criteria_file_loads_or_is_refused_with_reasons(cycle, data):
    raw = _yaml(data)
    with rolled_back():
        before = sorted(cycle.criteria.values_list("position", "text", "max_points"))

        def load():
            framework_services.criteria_load(actor=None, cycle=cycle, raw=raw, command=True)

        if not _loads_or_says_why(load):
            assert sorted(cycle.criteria.values_list("position", "text", "max_points")) == before


@PARSE_BUDGET
@given(raw=st.one_of(st.binary(max_size=500), st.text(max_size=500).map(str.encode)))
def test_any_text_given_as_yaml_is_refused_or_read(raw):
    for parse in (
        loader.parse_framework,
        lambda raw: loader.parse_criteria(raw, dimension_numbers={1}, mission_codes=set()),
    ):
        with contextlib.suppress(loader.FileRefused):
            parse(raw)
