import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    assert client.get("/healthz").status_code == 503


@pytest.mark.django_db
def test_pages_are_in_thai_even_when_the_browser_asks_for_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "th"
    assert 'lang="th"' in response.content.decode()


@pytest.mark.django_db
def test_visitors_can_switch_to_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


def _settings_import(env):
    clean = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import eplan.settings"], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_import({"EPLAN_ENV": "production", "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug():
    result = _settings_import(
        {"EPLAN_ENV": "production", "ALLOWED_HOSTS": "example.org", "SECRET_KEY": "x" * 60, "DEBUG": "1"}
    )
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = subprocess.run(
        [sys.executable, "-c", "import eplan.settings as s; print(s.DEBUG)"],
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key != "DEBUG"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "False"
