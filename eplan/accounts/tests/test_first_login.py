"""Provisioning primary accounts and what an organisation sees the first time it logs in."""

import csv

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from eplan.accounts.models import User
from eplan.core.models import AuditEvent
from eplan.registry.models import OrganisationProfile
from eplan.testing import make_user

pytestmark = pytest.mark.django_db


def provision(tmp_path, *args):
    call_command("provision_accounts", "--output", str(tmp_path), *args)
    return sorted(tmp_path.glob("*.csv")), sorted(tmp_path.glob("*.xlsx"))


def test_provisioning_creates_missing_primary_accounts_and_a_distribution_list(world, tmp_path):
    csv_files, xlsx_files = provision(tmp_path, "--province", "80")
    rows = list(csv.reader(csv_files[0].open(encoding="utf-8-sig")))
    issued = {row[0]: row[4] for row in rows[1:]}
    # Klai already had its primary account; the two other province-80 organisations get one.
    assert set(issued) == {world.tha_sala.code, world.other_district.code}
    assert oct(csv_files[0].stat().st_mode)[-3:] == "600"
    sheet = load_workbook(xlsx_files[0]).active
    assert sheet["A2"].value in issued
    account = User.objects.get(username=world.tha_sala.code)
    assert account.primary_organisation == world.tha_sala
    assert account.must_change_password
    assert account.check_password(issued[world.tha_sala.code])
    assert AuditEvent.objects.get(action="accounts.primary_accounts_provision").detail["count"] == 2


def test_provisioning_twice_creates_nothing_the_second_time(world, tmp_path):
    provision(tmp_path / "first")
    before = User.objects.count()
    call_command("provision_accounts", "--output", str(tmp_path / "second"))
    assert User.objects.count() == before
    assert not (tmp_path / "second").exists()


def test_provisioning_refuses_when_a_personal_account_took_an_lao_code(world, tmp_path):
    make_user(world.tha_sala.code)
    with pytest.raises(CommandError, match=world.tha_sala.code):
        provision(tmp_path)
    assert not User.objects.filter(primary_organisation=world.other_district).exists()


def test_first_login_forces_a_new_password_then_the_basic_data_form(world, tmp_path):
    csv_files, _ = provision(tmp_path, "--province", "80")
    rows = list(csv.reader(csv_files[0].open(encoding="utf-8-sig")))
    code, one_time = next((row[0], row[4]) for row in rows[1:] if row[0] == world.tha_sala.code)
    client = Client()
    response = client.post("/accounts/login/", {"username": code, "password": one_time}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/password/change/"
    assert client.get("/organisations/").status_code == 302

    weak = client.post(
        "/accounts/password/change/",
        {"old_password": one_time, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200 and User.objects.get(username=code).must_change_password

    response = client.post(
        "/accounts/password/change/",
        {"old_password": one_time, "new_password1": "Tha-Sala 2569 plan", "new_password2": "Tha-Sala 2569 plan"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/accounts/organisation/{code}/profile/"
    assert not User.objects.get(username=code).must_change_password

    incomplete = client.post(f"/accounts/organisation/{code}/profile/", {"address": "ที่ทำการ", "phone": "075"})
    body = incomplete.content.decode()
    assert "จำเป็น" in body or "This field is required" in body
    assert incomplete.context["form"]["address"].value() == "ที่ทำการ"  # what was typed is kept
    assert not OrganisationProfile.objects.filter(organisation=world.tha_sala, completed_at__isnull=False).exists()

    data = {
        "address": "ที่ทำการเทศบาล",
        "executive_name": "นายกเทศมนตรี ทดสอบ",
        "clerk_name": "ปลัด ทดสอบ",
        "coordinator_name": "ผู้ประสาน ทดสอบ",
        "coordinator_position": "นักวิเคราะห์ฯ",
        "phone": "075-111111",
        "email": "contact@thasala.example.org",
        "website": "thasala.example.org",
    }
    response = client.post(f"/accounts/organisation/{code}/profile/", data, follow=True)
    assert response.redirect_chain[-1][0] == f"/organisations/{code}/"
    profile = OrganisationProfile.objects.get(organisation=world.tha_sala)
    assert profile.completed_at is not None and profile.website == "https://thasala.example.org"
    assert client.get("/organisations/").status_code == 200
    event = AuditEvent.objects.get(action="registry.organisation_profile_update")
    assert event.organisation_code == code and event.changes["phone"] == ["", "075-111111"]


def test_another_organisations_profile_is_not_found(world):
    client = Client()
    client.force_login(world.officer)
    assert client.get(f"/accounts/organisation/{world.krabi.code}/profile/").status_code == 404
    assert client.get(f"/accounts/organisation/{world.klai.code}/profile/").status_code == 200


def test_provincial_staff_read_but_do_not_edit_an_organisations_basic_data(world):
    client = Client()
    client.force_login(world.nacc_provincial)
    page = client.get(f"/organisations/{world.klai.code}/").content.decode()
    assert "saraban@klai.example.org" in page
    assert client.get(f"/accounts/organisation/{world.klai.code}/profile/").status_code == 404


def test_the_first_central_administrator_is_created_from_the_command_line(capsys):
    call_command("create_central_admin", "somchai.k", "--email", "somchai.k@example.org")
    password = capsys.readouterr().out.split("รหัสผ่านชั่วคราว: ")[1].split()[0]
    account = User.objects.get(username="somchai.k")
    assert account.check_password(password) and account.must_change_password
    assert account.role_assignments.get().role == "nacc_central"
    event = AuditEvent.objects.get(action="accounts.user_create")
    assert event.actor is None and event.actor_username == "command:create_central_admin"
    with pytest.raises(CommandError, match="มีอยู่แล้ว"):
        call_command("create_central_admin", "somchai.k")
