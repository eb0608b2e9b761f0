"""A file that is small on the wire and huge once opened is refused at once, saying which
limit it passed, before any parser holds a worker or the memory for it (issue 10, hole 7):
every Excel upload (plans, reports: core.spreadsheets.read_upload), the registry's CSV and
XLSX, and the framework and criteria YAML."""

import contextlib
import signal
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from eplan.core import spreadsheets, xlsx_limits
from eplan.core.tests import bombs
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.frameworks import loader
from eplan.registry import importers


@contextlib.contextmanager
def at_most(seconds):
    """Fail the test, rather than hold the run, when the work takes longer."""

    def stop(*_args):
        raise TimeoutError(f"ยังไม่เสร็จใน {seconds} วินาที")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < seconds


def _read_every_row(workbook):
    """What the plan and report readers do: every row of every sheet, values only."""
    for sheet in workbook.worksheets:
        sheet.reset_dimensions()
        for _row in sheet.iter_rows(values_only=True):
            pass
    return "read"


def _open(raw):
    return spreadsheets.read_upload(raw, _read_every_row, lambda problem: problem)


@pytest.fixture(scope="module")
def eight_million_empty_cells():
    return bombs.empty_cells_bomb()


def test_the_empty_cells_bomb_is_as_small_as_the_one_found(eight_million_empty_cells):
    assert len(eight_million_empty_cells) < 400 * 1024


def test_500_rows_of_16384_empty_cells_are_refused_in_a_second_naming_the_limit(eight_million_empty_cells):
    with at_most(5):
        problem = _open(eight_million_empty_cells)
    assert isinstance(problem, spreadsheets.Problem)
    assert "เกินที่รับได้" in problem.reason


def test_a_200_mb_shared_string_is_refused_without_being_read_into_memory():
    raw = bombs.shared_string_bomb(200)
    assert len(raw) < 400 * 1024
    tracemalloc.start()
    try:
        with at_most(5):
            problem = _open(raw)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(problem, spreadsheets.Problem)
    assert "MB" in problem.reason and "เกินที่รับได้" in problem.reason
    assert peak < 20 * 1024 * 1024


@pytest.mark.parametrize(
    "make, words",
    [
        (bombs.padded_rows_bomb, "คอลัมน์ XFD"),
        (bombs.dimension_bomb, "คอลัมน์ XFD"),
        (bombs.far_row_bomb, "แถวที่ 1,048,576"),
        (bombs.entity_bomb, "DOCTYPE"),
        (bombs.many_entries_bomb, "ส่วนประกอบภายใน 5,0"),
        (lambda: bombs.empty_cells_bomb(rows=30, columns=16384, dimension=False), "บีบอัดไว้มากผิดปกติ"),
        (lambda: bombs.empty_cells_bomb(rows=19_000, columns=20, dimension=False), "เซลล์มากกว่าที่รับได้ (250,000"),
    ],
)
def test_other_shapes_of_bomb_are_refused_fast_with_the_limit_they_pass(make, words):
    raw = make()
    with at_most(5):
        problem = _open(raw)
    assert isinstance(problem, spreadsheets.Problem), problem
    assert words in problem.reason


def test_the_message_names_the_sheet_as_excel_shows_it():
    problem = _open(bombs.padded_rows_bomb())
    assert '"Sheet"' in problem.reason


def test_a_sheet_whose_dimension_is_wrong_but_holds_little_is_read():
    # Some writers record a used range far larger than the data: rows never written cost
    # nothing to read, so only the columns a row is padded to count.
    assert _open(bombs.dimension_bomb("A1:Z1048576")) == "read"


def test_a_large_real_workbook_passes_the_limits():
    workbook = Workbook()
    sheet = workbook.active
    for row in range(1, 5001):
        sheet.append([row, f"โครงการที่ {row} " * 20, "-", 20_000, "1,2,3,4", "ประชาชน; ผู้นำชุมชน", None, "หมายเหตุ"])
    raw = spreadsheets.workbook_bytes(workbook)
    xlsx_limits.inspect(raw)  # nothing raised
    assert _open(raw) == "read"


def test_a_bomb_uploaded_to_the_plan_import_page_is_refused_in_thai_and_changes_nothing(
    world, eight_million_empty_cells
):
    plan = build_demo_plan(organisation=world.klai, cycle=ensure_cycles()["2562-2565"])
    client = Client()
    client.force_login(world.officer)
    items = list(plan.items.values_list("pk", "title"))
    url = reverse("plans:excel_import", args=[plan.organisation.code, plan.cycle.code])
    upload = SimpleUploadedFile("plan.xlsx", eight_million_empty_cells)
    with at_most(8):
        response = client.post(url, {"file": upload})
    assert response.status_code == 422
    assert "เกินที่รับได้" in response.content.decode()
    assert list(plan.items.values_list("pk", "title")) == items


# The registry's files (import_organizations) ------------------------------------------


def test_the_registry_refuses_an_xlsx_bomb_fast():
    with at_most(5), pytest.raises(importers.FileRefused) as refused:
        importers.read_xlsx(bombs.empty_cells_bomb(rows=200, columns=16384))
    assert "เกินที่รับได้" in str(refused.value)


def test_the_registry_refuses_a_csv_of_too_many_rows_or_bytes():
    header = "จังหวัด,อำเภอ,รหัส อปท.,ประเภท อปท.,อปท.\n"
    rows = header + "นครศรีธรรมราช,ท่าศาลา,6800808,อบต.,กลาย\n" * (importers.MAX_ROWS + 1)
    with at_most(8), pytest.raises(importers.FileRefused) as refused:
        importers.read_csv(rows.encode())
    assert f"{importers.MAX_ROWS:,}" in str(refused.value)
    with pytest.raises(importers.FileRefused) as refused:
        importers.read_csv(header.encode() + b" " * (importers.MAX_BYTES + 1))
    assert "MB" in str(refused.value)


def test_the_registry_refuses_a_json_too_large_or_too_deep():
    with pytest.raises(importers.FileRefused):
        importers.read_json(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(importers.FileRefused):
        importers.read_json(b" " * (importers.MAX_BYTES + 1))


# Framework and criteria YAML -----------------------------------------------------------


def test_a_billion_laughs_yaml_is_refused_at_once():
    raw = bombs.BILLION_LAUGHS_YAML.encode()
    with at_most(5), pytest.raises(loader.FileRefused) as refused:
        loader.parse_framework(raw)
    assert "เกินที่รับได้" in str(refused.value)
    with at_most(5), pytest.raises(loader.FileRefused):
        loader.parse_criteria(raw, dimension_numbers={1}, mission_codes={"1.1"})


@pytest.mark.parametrize(
    "raw", [b"[" * 50_000 + b"]" * 50_000, b"a:\n" + b"  " * 5_000 + b"b: 1\n", b"x" * (2 * 1024 * 1024)]
)
def test_a_yaml_too_deep_or_too_large_is_refused_with_a_message(raw):
    with at_most(5), pytest.raises(loader.FileRefused):
        loader.parse_framework(raw)


def test_the_real_framework_and_criteria_files_still_load():
    from eplan.frameworks.loader import parse_criteria, parse_framework
    from eplan.settings import BASE_DIR

    data = BASE_DIR / "eplan" / "frameworks" / "data"
    spec = parse_framework((data / "framework-2561.yaml").read_bytes())
    codes = {mission.code for mission in spec.missions}
    numbers = {number for number, _title, _source in spec.dimensions}
    _pass_mark, _note, criteria = parse_criteria(
        (data / "criteria-example.yaml").read_bytes(), dimension_numbers=numbers, mission_codes=codes
    )
    assert len(spec.missions) > 10 and criteria
