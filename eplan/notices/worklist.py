"""The circulars' lines of the home page's work list (eplan.public.worklist): for LAO staff
the circulars their organisation has not acknowledged, due by the reply-by date; for offices
the circulars they sent still collecting acknowledgements, and (province and district
offices) those received from above and not yet forwarded. A fixed number of queries."""

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from eplan.accounts.roles import Role
from eplan.core.thai import number
from eplan.notices import audience as audiences
from eplan.notices import selectors
from eplan.notices.models import AddressedTo, CircularState, Recipient
from eplan.public.worklist import WorkItem, days_left

SHOWN = 5
FORWARDING_ROLES = {Role.PROVINCIAL_DLA, Role.NACC_PROVINCIAL, Role.DISTRICT_OFFICE}


def _own(context):
    if not context.own:
        return
    waiting = (
        Recipient.objects.filter(
            organisation__in=context.own,
            addressed=True,
            acknowledged_at__isnull=True,
            circular__state=CircularState.PUBLISHED,
        )
        .select_related("circular", "organisation")
        .order_by(F("circular__reply_by").asc(nulls_last=True), "-circular__published_at")
    )
    for recipient in waiting[:20]:
        circular = recipient.circular
        text = _("รับทราบหนังสือเวียน %(number)s เรื่อง %(subject)s") % {
            "number": circular.number,
            "subject": circular.subject,
        }
        if len(context.own) > 1:
            text = f"{recipient.organisation.display_name}: {text}"
        due = circular.reply_by
        yield WorkItem(
            kind="circular",
            text=text,
            url=reverse("notices:detail", args=[circular.pk]),
            due=due,
            overdue=bool(due and due < context.today),
            when=days_left(due, context.today) if due else "",
            status=_("ยังไม่รับทราบ"),
        )


def _sent(context):
    rows = list(
        selectors.sent_with_rates(context.user)
        .filter(addressed_count__gt=F("acknowledged_count"))
        .order_by(F("reply_by").asc(nulls_last=True), "-published_at")[:SHOWN]
    )
    for circular in rows:
        yield WorkItem(
            kind="circular_sent",
            text=_("หนังสือเวียน %(number)s เรื่อง %(subject)s") % {"number": circular.number, "subject": circular.subject},
            url=reverse("notices:acknowledgements", args=[circular.pk]),
            due=circular.reply_by,
            overdue=bool(circular.reply_by and circular.reply_by < context.today),
            when=days_left(circular.reply_by, context.today) if circular.reply_by else "",
            status=_("รับทราบแล้ว %(done)s/%(total)s แห่ง")
            % {"done": number(circular.acknowledged_count), "total": number(circular.addressed_count)},
        )


def _to_forward(context):
    offices = audiences.offices_of(context.user)
    if not any(office.role in FORWARDING_ROLES for office in offices):
        return
    # What asks the office to act: a letter written to the offices, or one with a reply-by
    # date still ahead (the office chases its อปท.); the inbox lists every letter received.
    asking = Q(addressed_to=AddressedTo.OFFICES) | Q(reply_by__gte=context.today)
    rows = list(selectors.not_forwarded_for_user(context.user).filter(asking).order_by("-published_at")[:SHOWN])
    for circular in rows:
        yield WorkItem(
            kind="circular_forward",
            text=_("ส่งต่อหนังสือเวียน %(number)s เรื่อง %(subject)s ถึง อปท. ในพื้นที่")
            % {"number": circular.number, "subject": circular.subject},
            url=reverse("notices:detail", args=[circular.pk]),
            due=circular.reply_by,
            when=days_left(circular.reply_by, context.today) if circular.reply_by else "",
            status=_("ยังไม่ส่งต่อ"),
        )


def circulars_work(context):
    yield from _own(context)
    if context.is_office:
        yield from _sent(context)
        yield from _to_forward(context)
