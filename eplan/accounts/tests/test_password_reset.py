import re

import pytest
from django.core import mail
from django.test import Client

from eplan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_organisation_resets_its_password_by_lao_code_through_its_registered_email(world):
    world.primary.email = ""
    world.primary.must_change_password = True
    world.primary.save()
    client = Client()
    response = client.post("/accounts/password/reset/", {"identifier": "6800808"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["saraban@klai.example.org"]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Klai new password 2569", "new_password2": "Klai new password 2569"},
    )
    assert response.status_code == 302
    world.primary.refresh_from_db()
    assert world.primary.check_password("Klai new password 2569")
    assert not world.primary.must_change_password
    assert AuditEvent.objects.filter(action="accounts.password_reset", actor=world.primary).exists()
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]


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
