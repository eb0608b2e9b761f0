"""The circulars' lines of the work list, and who is told of a new circular."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eplan.accounts.models import User
from eplan.notices import services
from eplan.notices.tests.conftest import letter
from eplan.notices.worklist import circulars_work
from eplan.notifications.models import Notification
from eplan.public.worklist import Context, work_list_for_user
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db


def published(actor, **fields):
    return services.circular_publish(actor=actor, circular=services.circular_create(actor=actor, **letter(**fields)))


def lines(user, kind, today=None):
    return [item for item in work_list_for_user(user, today=today) if item.kind == kind]


def test_an_officer_sees_the_unacknowledged_circular_with_its_reply_by_date(world):
    circular = published(world.provincial_dla, reply_by=datetime.date(2018, 6, 15))
    [line] = lines(world.officer, "circular", today=datetime.date(2018, 6, 20))
    assert circular.subject in line.text and line.due == datetime.date(2018, 6, 15) and line.overdue
    services.circular_acknowledge(actor=world.colleague, circular=circular, organisation=world.klai)
    assert lines(world.officer, "circular") == []


def test_the_sender_sees_the_rate_and_the_district_what_to_forward(world):
    circular = published(world.provincial_dla, reply_by=datetime.date.today() + datetime.timedelta(days=10))
    services.circular_acknowledge(actor=world.officer, circular=circular, organisation=world.klai)
    [line] = lines(world.provincial_dla, "circular_sent")
    assert line.status == "รับทราบแล้ว 1/3 แห่ง"
    [forward] = lines(world.district_office, "circular_forward")
    assert circular.subject in forward.text
    services.circular_publish(
        actor=world.district_office,
        circular=services.circular_create(
            actor=world.district_office, parent=circular, **letter(audience_kind="all", audience_province="")
        ),
    )
    assert lines(world.district_office, "circular_forward") == []
    assert lines(world.provincial_dla, "circular_forward") == []  # the district's copy is not from above
    published(world.provincial_dla, subject="ไม่มีกำหนดตอบ")  # to the อปท. directly, nothing to chase
    assert lines(world.district_office, "circular_forward") == []


def test_a_letter_the_provinces_dla_office_passed_on_is_not_asked_of_its_nacc_office(world):
    circular = published(world.central, audience_kind="province", audience_province="80", addressed_to="offices")
    assert len(lines(world.nacc_provincial, "circular_forward")) == 1
    assert len(lines(world.provincial_dla, "circular_forward")) == 1
    services.circular_publish(
        actor=world.provincial_dla,
        circular=services.circular_create(actor=world.provincial_dla, parent=circular, **letter()),
    )
    assert lines(world.provincial_dla, "circular_forward") == []
    assert lines(world.nacc_provincial, "circular_forward") == []
    # The district still has the province's copy to pass on.
    assert len(lines(world.district_office, "circular_forward")) == 1


def test_publishing_tells_the_addressed_staff_and_the_relaying_offices_once(world):
    circular = published(world.central, audience_kind="province", audience_province="80")
    told = set(Notification.objects.filter(kind="circular_new").values_list("recipient__username", flat=True))
    assert {world.officer.username, world.executive.username, world.district_office.username} <= told
    assert {world.provincial_dla.username, world.nacc_provincial.username} <= told
    assert world.outsider_officer.username not in told and world.central.username not in told
    count = Notification.objects.count()
    services.circular_remind(actor=world.central, circular=circular)
    reminded = Notification.objects.count()
    services.circular_remind(actor=world.central, circular=circular)
    assert reminded > count and Notification.objects.count() == reminded


@pytest.mark.parametrize("role", ["provincial_dla", "district_office"])
def test_an_office_work_list_costs_the_same_queries_for_10_and_100_organisations(world, role):
    def cost():
        published(world.central, audience_kind="province", audience_province="80", addressed_to="offices")
        published(world.provincial_dla, addressed_to="offices")
        user = User.objects.get(pk=getattr(world, role).pk)  # nothing cached from the last run
        with CaptureQueriesContext(connection) as queries:
            items = list(circulars_work(Context(user=user, today=datetime.date.today())))
        return len(queries), items

    for number in range(7):
        make_organisation(f"6808{number + 100:03d}", f"ทดสอบ{number}", "8008")
    few, _items = cost()
    for number in range(90):
        make_organisation(f"6808{number + 200:03d}", f"ทดสอบเพิ่ม{number}", "8008")
    many, items = cost()
    assert few == many and items
