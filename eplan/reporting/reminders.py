"""The reminders of implementation reporting (แจ้งเตือนการส่งรายงานผลการดำเนินงาน): which
rounds are due for a reminder today, the messages to each missing organisation and the
digests to district and provincial offices, and delivering each once (recorded in
Reminder in the transaction that sends it). Run daily by `manage.py send_reminders`."""

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.template import loader

from eplan.accounts.models import RoleAssignment, User
from eplan.accounts.roles import LAO_ROLES, Role
from eplan.core.mail import site_link, unique_addresses
from eplan.registry.models import Organisation
from eplan.reporting import selectors
from eplan.reporting.models import Reminder, ReminderKind, Report, Round

logger = logging.getLogger(__name__)

# Days from today to the due date → the reminder of that day (-1: the day after the due date).
KIND_BY_DAYS_LEFT = {
    14: ReminderKind.DAYS_14,
    7: ReminderKind.DAYS_7,
    1: ReminderKind.DAYS_1,
    -1: ReminderKind.OVERDUE,
}
DIGEST_ROLES = (Role.DISTRICT_OFFICE, Role.PROVINCIAL_DLA, Role.NACC_PROVINCIAL)
TEMPLATES = "reporting/email/"


@dataclass
class Message:
    """One e-mail to send and record: to an organisation, or a digest to one office user."""

    round: Round
    kind: str
    addresses: list[str]
    subject: str
    body: str
    organisation: Organisation | None = None
    recipient: User | None = None
    missing_count: int = 0
    label: str = ""  # who it is for, in the command's output


@dataclass
class Outcome:
    sent: Counter = field(default_factory=Counter)
    no_address: int = 0
    already: int = 0
    failed: int = 0


def report_link(organisation: Organisation, round: Round) -> str:
    return site_link(
        "reporting:report", organisation_code=organisation.code, cycle_code=round.cycle.code, round_code=round.code
    )


def follow_up_link(round: Round) -> str:
    return site_link("reporting:follow_up", cycle_code=round.cycle.code, round_code=round.code)


def due_rounds(today: datetime.date) -> list[tuple[Round, str]]:
    """The rounds that have a reminder today, each with its kind."""
    days = {today + datetime.timedelta(days=left): kind for left, kind in KIND_BY_DAYS_LEFT.items()}
    rounds = Round.objects.filter(due_on__in=list(days)).select_related("cycle").order_by("due_on", "cycle__code")
    return [(round, days[round.due_on]) for round in rounds]


def _profile(organisation):
    return getattr(organisation, "profile", None)  # not every organisation has filled it in


def organisation_addresses(missing) -> dict[int, list[str]]:
    """{organisation id: addresses} of the missing rows: the organisation's registered e-mail,
    its primary account, then every active LAO officer and executive."""
    found = defaultdict(list)
    for row in missing:
        profile = _profile(row.organisation)
        found[row.organisation_id].append(profile.email if profile else "")
    ids = missing.values("organisation_id")
    primary = User.objects.filter(primary_organisation_id__in=ids, is_active=True)
    for organisation_id, email in primary.values_list("primary_organisation_id", "email"):
        found[organisation_id].append(email)
    staff = RoleAssignment.objects.filter(role__in=LAO_ROLES, organisation_id__in=ids, user__is_active=True)
    for organisation_id, email in staff.order_by("user__username").values_list("organisation_id", "user__email"):
        found[organisation_id].append(email)
    return {organisation_id: unique_addresses(addresses) for organisation_id, addresses in found.items()}


def digest_recipients() -> list[tuple[User, set[tuple[str, str]]]]:
    """(user, areas) of every active office user with an e-mail who follows up organisations,
    once per user whatever roles it holds; an area is ("district", code) or ("province", code)."""
    areas = {}
    assignments = (
        RoleAssignment.objects.filter(role__in=DIGEST_ROLES, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    for assignment in assignments:
        _user, own = areas.setdefault(assignment.user_id, (assignment.user, set()))
        if assignment.district_id:
            own.add(("district", assignment.district_id))
        if assignment.province_id:
            own.add(("province", assignment.province_id))
    return list(areas.values())


def _render(name: str, context: dict) -> str:
    return loader.render_to_string(TEMPLATES + name, context)


def _subject(name: str, context: dict) -> str:
    return " ".join(_render(name, context).split())


def messages_for(round: Round, kind: str, today: datetime.date, outcome: Outcome) -> list[Message]:
    """The messages of one round today that no earlier run has recorded."""
    missing = selectors.missing_organisations(round, Organisation.objects.all())
    rows = list(missing)
    if not rows:
        return []
    addresses = organisation_addresses(missing)
    drafts = set(
        Report.objects.filter(round=round, first_submitted_at__isnull=True).values_list("organisation_id", flat=True)
    )
    reminded = set(Reminder.objects.filter(round=round, kind=kind).values_list("organisation_id", flat=True))
    base = {
        "round": round,
        "today": today,
        "overdue": kind == ReminderKind.OVERDUE,
        "days_left": (round.due_on - today).days,
        "still_open": today <= round.closes_on,
        "site_name": settings.SITE_NAME,
        "follow_up_link": follow_up_link(round),
    }
    messages = []
    entries = []
    for row in rows:
        organisation = row.organisation
        profile = _profile(organisation)
        to = addresses.get(organisation.pk, [])
        entries.append(
            {
                "organisation": organisation,
                "coordinator": profile.coordinator_name if profile else "",
                "position": profile.coordinator_position if profile else "",
                "phone": profile.phone if profile else "",
                "email": profile.email if profile else "",
                "has_draft": organisation.pk in drafts,
                "has_address": bool(to),
            }
        )
        if organisation.pk in reminded:
            outcome.already += 1
            continue
        context = {
            **base,
            "organisation": organisation,
            "link": report_link(organisation, round),
            "has_draft": organisation.pk in drafts,
        }
        messages.append(
            Message(
                round=round,
                kind=kind,
                addresses=to,
                subject=_subject("reminder_subject.txt", context),
                body=_render("reminder_body.txt", context),
                organisation=organisation,
                label=f"{organisation.code} {organisation.display_name}",
            )
        )
    digested = set(
        Reminder.objects.filter(round=round, kind=ReminderKind.DIGEST, sent_on=today).values_list(
            "recipient_id", flat=True
        )
    )
    by_area = defaultdict(list)  # area → positions in entries (kept in the selector's order)
    for position, entry in enumerate(entries):
        by_area[("district", entry["organisation"].district_id)].append(position)
        by_area[("province", entry["organisation"].province_id)].append(position)
    for user, areas in digest_recipients():
        own = [entries[position] for position in sorted({p for area in areas for p in by_area[area]})]
        if not own:
            continue
        if user.pk in digested:
            outcome.already += 1
            continue
        context = {**base, "recipient": user, "recipient_name": user.get_full_name() or user.username, "entries": own}
        messages.append(
            Message(
                round=round,
                kind=ReminderKind.DIGEST,
                addresses=[user.email.strip()],
                subject=_subject("reminder_digest_subject.txt", context),
                body=_render("reminder_digest_body.txt", context),
                recipient=user,
                missing_count=len(own),
                label=user.username,
            )
        )
    return messages


def deliver(message: Message, today: datetime.date, connection) -> bool:
    """Record the message and send it in one transaction. False when it was recorded already
    (by an earlier or a simultaneous run). When sending raises, the record is rolled back."""
    if message.organisation is not None:
        key = {"round": message.round, "kind": message.kind, "organisation": message.organisation}
        defaults = {"sent_on": today}
    else:
        key = {"round": message.round, "kind": message.kind, "sent_on": today, "recipient": message.recipient}
        defaults = {}
    defaults |= {"addresses": message.addresses, "missing_count": message.missing_count}
    with transaction.atomic():
        _reminder, created = Reminder.objects.get_or_create(**key, defaults=defaults)
        if created and message.addresses:
            mail.EmailMultiAlternatives(
                message.subject, message.body, to=message.addresses, connection=connection
            ).send()
    return created
