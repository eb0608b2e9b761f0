"""Password reset goes only to an address its owner verified for that very account (issue
10, hole 1: the primary account used to fall back to the organisation profile's e-mail,
which any officer of the organisation may edit). Changing that address needs the current
password, or a manager, and tells the old address."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from eplan.accounts import services
from eplan.accounts.models import ApiToken
from eplan.core.models import AuditEvent
from eplan.testing import PASSWORD, client_for

pytestmark = pytest.mark.django_db

ATTACKER_MAIL = "attacker@evil.example"
LINK = re.compile(r"http://127\.0\.0\.1:8000(/accounts/[^\s]+)")


def verified(user, email=None):
    if email is not None:
        user.email = email
    user.email_verified_at = timezone.now()
    user.save()
    return user


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def profile_data(email):
    return {
        "address": "ที่ทำการ อบต.กลาย",
        "executive_name": "นายก ทดสอบ",
        "clerk_name": "ปลัด ทดสอบ",
        "coordinator_name": "ผู้ประสาน ทดสอบ",
        "phone": "075-000000",
        "email": email,
    }


def reset_link(message):
    return re.search(r"http://testserver(/accounts/password/reset/\S+)", message.body).group(1)


def test_hole1_an_officer_cannot_take_over_the_primary_account_through_the_profile_email(world):
    """Failed before the fix: the reset link for 6800808 went to the address the officer
    had just typed into the organisation profile."""
    world.primary.email = ""
    world.primary.save()
    officer = client_for(world.officer)
    response = officer.post(f"/accounts/organisation/{world.klai.code}/profile/", profile_data(ATTACKER_MAIL))
    assert response.status_code == 302

    answer = Client().post("/accounts/password/reset/", {"identifier": world.klai.code}, follow=True)

    assert answer.redirect_chain[-1][0] == "/accounts/password/reset/sent/"  # the same answer as ever
    assert sent_to(ATTACKER_MAIL) == []
    assert mail.outbox == []


def test_the_reset_link_goes_to_the_accounts_verified_address_and_works_once(world, django_capture_on_commit_callbacks):
    verified(world.primary, "saraban.account@klai.example.org")
    world.primary.must_change_password = True
    world.primary.save()
    _token, key = services.api_token_create(actor=world.primary)
    client = Client()

    client.post("/accounts/password/reset/", {"identifier": "6800808"})

    assert [message.to for message in mail.outbox] == [["saraban.account@klai.example.org"]]
    link = reset_link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": "Klai new password 2569", "new_password2": "Klai new password 2569"},
        )
    assert response.status_code == 302
    world.primary.refresh_from_db()
    assert world.primary.check_password("Klai new password 2569")
    assert not world.primary.must_change_password
    assert AuditEvent.objects.filter(action="accounts.password_reset", actor=world.primary).exists()
    # Whoever read the mailbox may not be the owner: the account's tokens stop working,
    # and the owner is told.
    assert Client().get("/api/v1/plans", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert ApiToken.objects.get(user=world.primary).revoked_reason == "password_reset"
    assert "ตั้งใหม่ผ่านลิงก์" in mail.outbox[-1].body
    assert not client.get(link, follow=True).context["validlink"]


def test_an_unverified_address_receives_no_reset(world):
    assert world.officer.email and world.officer.email_verified_at is None

    Client().post("/accounts/password/reset/", {"identifier": world.officer.username})
    Client().post("/accounts/password/reset/", {"identifier": world.officer.email})

    assert mail.outbox == []


def test_an_address_finds_its_account_only_once_verified(world):
    verified(world.officer)

    Client().post("/accounts/password/reset/", {"identifier": world.officer.email.upper()})

    assert [message.to for message in mail.outbox] == [[world.officer.email]]


def test_the_primary_account_verifies_its_own_address_then_resets_through_it(world, django_capture_on_commit_callbacks):
    world.primary.email = ""
    world.primary.save()
    client = client_for(world.primary)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/me/", {"email": "nayok@klai.example.org", "current_password": PASSWORD})

    assert response.status_code == 302
    verification = sent_to("nayok@klai.example.org")
    assert len(verification) == 1
    # The organisation's registered address is told (the account had none of its own).
    assert "nayok@klai.example.org" in sent_to("saraban@klai.example.org")[0].body
    link = LINK.search(verification[0].body).group(1)
    # Nothing goes there until the owner opened the link and pressed the button.
    Client().post("/accounts/password/reset/", {"identifier": "6800808"})
    assert len(sent_to("nayok@klai.example.org")) == 1

    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200 and "nayok@klai.example.org" in page.content.decode()
    world.primary.refresh_from_db()
    assert world.primary.email_verified_at is None  # a GET reads: a mail scanner verifies nothing
    assert visitor.post(link).status_code == 302
    world.primary.refresh_from_db()
    assert world.primary.email_verified_at is not None
    assert AuditEvent.objects.filter(action="accounts.email_verify", object_id=str(world.primary.pk)).exists()

    Client().post("/accounts/password/reset/", {"identifier": "6800808"})
    assert len(sent_to("nayok@klai.example.org")) == 2


def test_changing_ones_address_needs_the_current_password_and_tells_the_old_one(
    world, django_capture_on_commit_callbacks
):
    verified(world.officer)
    old = world.officer.email
    client = client_for(world.officer)

    refused = client.post("/accounts/me/", {"email": ATTACKER_MAIL})
    wrong = client.post("/accounts/me/", {"email": ATTACKER_MAIL, "current_password": "guess"})

    assert refused.status_code == 422 and wrong.status_code == 422
    assert "รหัสผ่านปัจจุบัน" in refused.content.decode()
    world.officer.refresh_from_db()
    assert world.officer.email == old and world.officer.email_verified_at is not None
    # A wrong password here counts as a failed login.
    assert AuditEvent.objects.filter(action="accounts.login_failure", detail__stage="current_password").exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/me/", {"email": "new@klai.example.org", "current_password": PASSWORD})

    world.officer.refresh_from_db()
    assert world.officer.email == "new@klai.example.org" and world.officer.email_verified_at is None
    told = sent_to(old)
    assert len(told) == 1 and "new@klai.example.org" in told[0].body
    assert len(sent_to("new@klai.example.org")) == 1  # the verification link
    event = AuditEvent.objects.get(action="accounts.user_update", object_id=str(world.officer.pk))
    assert event.changes["email"] == [old, "new@klai.example.org"]


def test_other_details_change_without_the_password(world):
    client = client_for(world.officer)
    response = client.post("/accounts/me/", {"first_name": "สมศรี", "email": world.officer.email})
    assert response.status_code == 302
    world.officer.refresh_from_db()
    assert world.officer.first_name == "สมศรี"


def test_a_manager_changes_an_address_without_a_password_and_the_old_one_is_told(
    world, django_capture_on_commit_callbacks
):
    verified(world.officer)
    old = world.officer.email
    with django_capture_on_commit_callbacks(execute=True):
        services.user_update(actor=world.executive, user=world.officer, email="officer@klai.example.org")
    world.officer.refresh_from_db()
    assert world.officer.email_verified_at is None
    assert len(sent_to(old)) == 1 and len(sent_to("officer@klai.example.org")) == 1


def test_a_link_for_an_address_since_replaced_verifies_nothing(world, django_capture_on_commit_callbacks):
    token = services.email_verification_token(world.officer)
    services.user_update(actor=world.executive, user=world.officer, email="other@klai.example.org")

    response = Client().post(f"/accounts/email/verify/{token}/")

    assert response.status_code == 400
    world.officer.refresh_from_db()
    assert world.officer.email_verified_at is None
    assert Client().get("/accounts/email/verify/not-a-token/").status_code == 400


def test_an_unknown_name_gets_the_same_answer_and_no_mail(world):
    response = Client().post("/accounts/password/reset/", {"identifier": "nobody-here"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_find_my_username_by_province_and_name(world):
    page = Client().get("/accounts/find-username/", {"province": "80", "name": "อบต.กลาย"}).content.decode()
    assert "6800808" in page
    other = Client().get("/accounts/find-username/", {"province": "81", "name": "กลาย"}).content.decode()
    assert "6800808" not in other


def test_find_my_username_explains_a_missing_province():
    response = Client().get("/accounts/find-username/", {"name": "กลาย"})
    assert response.status_code == 200
    assert response.context["form"].errors["province"]


def test_the_verification_link_is_sent_again_at_most_every_two_minutes(world, django_capture_on_commit_callbacks):
    client = client_for(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            response = client.post("/accounts/me/email/verify/")
    assert response.status_code == 302
    assert len(sent_to(world.officer.email)) == 1
