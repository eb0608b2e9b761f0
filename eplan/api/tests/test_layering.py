"""The API is assembled from the apps' routers; no app imports the assembly back (issue 12):
what every router shares lives in core and accounts."""

from pathlib import Path

EPLAN = Path(__file__).resolve().parents[2]


def test_no_app_imports_the_api_package():
    importers = sorted(
        str(path.relative_to(EPLAN))
        for path in EPLAN.rglob("*.py")
        if path.parts[len(EPLAN.parts)] != "api"
        and ("from eplan.api" in (text := path.read_text(encoding="utf-8")) or "import eplan.api" in text)
    )
    assert importers == ["urls.py"]
