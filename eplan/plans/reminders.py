"""The reminders of plan submission (แจ้งเตือนการส่งแผนปฏิบัติการป้องกันการทุจริต): which
cycles are due for a reminder today, the messages to each organisation whose plan is still
awaited (not submitted, or returned or found incomplete and not resubmitted) and the digests
to district offices, สถ.จ. and สปจ., and delivering each once (recorded in PlanReminder in
the transaction that sends it). Sent with the report reminders by `manage.py send_reminders`.

Whose plan is awaited is read from the one status function, eplan.assessment.status."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.template import loader

from eplan.accounts.models import RoleAssignment, User
from eplan.accounts.roles import LAO_ROLES
from eplan.assessment import status
from eplan.assessment.models import PublicStatus
from eplan.core.mail import site_link, unique_addresses
from eplan.core.windows import WindowState
from eplan.frameworks.models import Cycle
from eplan.frameworks.selectors import cycle_window_state
from eplan.plans.models import Plan, PlanReminder, PlanVersion
from eplan.registry.models import Organisation
from eplan.reporting.reminders import Outcome, digest_recipients

Kind = PlanReminder.Kind

# Days from today to the submission due date → the reminder of that day (-1: the day after).
KIND_BY_DAYS_LEFT = {14: Kind.DAYS_14, 7: Kind.DAYS_7, 1: Kind.DAYS_1, -1: Kind.OVERDUE}
TEMPLATES = "plans/email/"

# What "still awaited" covers: never submitted, and sent back or failed and not sent again
# (a resubmission makes a new version, which is in assessment until judged).
NOT_SUBMITTED = frozenset({PublicStatus.NOT_SUBMITTED})
TO_RESUBMIT = frozenset({PublicStatus.RETURNED, PublicStatus.INCOMPLETE})
AWAITED = NOT_SUBMITTED | TO_RESUBMIT

# Whose plan is awaited (shared with the missing-plans page) -----------------------------


@dataclass
class Awaited:
    """An organisation whose plan the cycle still waits for, and its status."""

    organisation_id: int
    info: status.StatusInfo
    organisation: Organisation | None = None
    has_draft: bool = False  # has begun a plan (never submitted)

    @property
    def status(self) -> str:
        return self.info.status

    @property
    def label(self) -> str:
        return self.info.label


def awaited_plans(cycle: Cycle, organisations, *, statuses=AWAITED, today=None) -> list[Awaited]:
    """The active organisations among `organisations` whose status for the cycle is one of
    `statuses`, in registry order (province, district, code); the organisations themselves
    are not loaded (see `load`). Four queries whatever the number of organisations."""
    organisations = organisations.filter(active=True)
    found = status.statuses_for(cycle, organisations.values("pk"), today=today)
    ids = organisations.order_by("province_id", "district_id", "code").values_list("pk", flat=True)
    rows = [Awaited(pk, found.get(pk, status.NOT_SUBMITTED)) for pk in ids]
    return [row for row in rows if row.status in statuses]


def load(cycle: Cycle, rows: list[Awaited]) -> list[Awaited]:
    """Fill in the organisations (with profile, province and district) and whether a plan
    not yet submitted was begun: two queries."""
    ids = [row.organisation_id for row in rows]
    organisations = Organisation.objects.select_related("profile", "province", "district").in_bulk(ids)
    begun = set(Plan.objects.filter(cycle=cycle, organisation_id__in=ids).values_list("organisation_id", flat=True))
    for row in rows:
        row.organisation = organisations[row.organisation_id]
        row.has_draft = row.status == PublicStatus.NOT_SUBMITTED and row.organisation_id in begun
    return rows


def profile_of(organisation):
    return getattr(organisation, "profile", None)  # not every organisation has filled it in


# Reminders -------------------------------------------------------------------------------


@dataclass
class PlanMessage:
    """One e-mail to send and record: to an organisation, or a digest to one office user."""

    cycle: Cycle
    kind: str
    addresses: list[str]
    subject: str
    body: str
    organisation: Organisation | None = None
    recipient: User | None = None
    status: str = ""
    missing_count: int = 0
    label: str = ""  # who it is for, in the command's output

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


def due_cycles(today: datetime.date) -> list[tuple[Cycle, str]]:
    """The cycles whose plan submission has a reminder today, each with its kind."""
    days = {today + datetime.timedelta(days=left): kind for left, kind in KIND_BY_DAYS_LEFT.items()}
    cycles = Cycle.objects.filter(submission_due__in=list(days)).order_by("submission_due", "code")
    return [(cycle, days[cycle.submission_due]) for cycle in cycles]


def organisation_addresses(rows: list[Awaited]) -> dict[int, list[str]]:
    """{organisation id: addresses}: the organisation's registered e-mail, its primary
    account, then every active LAO officer and executive (as the report reminders)."""
    found = defaultdict(list)
    for row in rows:
        profile = profile_of(row.organisation)
        found[row.organisation_id].append(profile.email if profile else "")
    ids = [row.organisation_id for row in rows]
    primary = User.objects.filter(primary_organisation_id__in=ids, is_active=True)
    for organisation_id, email in primary.values_list("primary_organisation_id", "email"):
        found[organisation_id].append(email)
    staff = RoleAssignment.objects.filter(role__in=LAO_ROLES, organisation_id__in=ids, user__is_active=True)
    for organisation_id, email in staff.order_by("user__username").values_list("organisation_id", "user__email"):
        found[organisation_id].append(email)
    return {organisation_id: unique_addresses(addresses) for organisation_id, addresses in found.items()}


def plan_link(organisation: Organisation, cycle: Cycle, *, begun: bool) -> str:
    """The plan's page, or the plans home (where a plan is begun) when there is none yet."""
    if begun:
        return site_link("plans:overview", organisation_code=organisation.code, cycle_code=cycle.code)
    return site_link("plans:home")


def missing_link(cycle: Cycle) -> str:
    return site_link("plans:missing", cycle_code=cycle.code) + "?status=all"


def _render(name: str, context: dict) -> str:
    return loader.render_to_string(TEMPLATES + name, context)


def _subject(name: str, context: dict) -> str:
    return " ".join(_render(name, context).split())


def _return_reasons(rows: list[Awaited]) -> dict[int, str]:
    ids = [row.info.version_id for row in rows if row.status == PublicStatus.RETURNED]
    return dict(PlanVersion.objects.filter(pk__in=ids).values_list("id", "return_reason")) if ids else {}


def messages_for(cycle: Cycle, kind: str, today: datetime.date, outcome: Outcome) -> list[PlanMessage]:
    """The messages of one cycle today that no earlier run has recorded."""
    rows = load(cycle, awaited_plans(cycle, Organisation.objects.all(), today=today))
    if not rows:
        return []
    addresses = organisation_addresses(rows)
    reasons = _return_reasons(rows)
    reminded = set(PlanReminder.objects.filter(cycle=cycle, kind=kind).values_list("organisation_id", flat=True))
    window = cycle_window_state(cycle, today)
    base = {
        "cycle": cycle,
        "today": today,
        "overdue": kind == Kind.OVERDUE,
        "days_left": (cycle.submission_due - today).days,
        "not_open": window == WindowState.NOT_OPEN,
        "still_open": window != WindowState.CLOSED,
        "site_name": settings.SITE_NAME,
        "missing_link": missing_link(cycle),
    }
    messages, entries = [], []
    for row in rows:
        organisation, profile = row.organisation, profile_of(row.organisation)
        to = addresses.get(organisation.pk, [])
        entries.append(
            {
                "organisation": organisation,
                "status": row.status,
                "status_label": row.label,
                "has_draft": row.has_draft,
                "coordinator": profile.coordinator_name if profile else "",
                "position": profile.coordinator_position if profile else "",
                "phone": profile.phone if profile else "",
                "email": profile.email if profile else "",
                "has_address": bool(to),
            }
        )
        if organisation.pk in reminded:
            outcome.already += 1
            continue
        context = {
            **base,
            "organisation": organisation,
            "status": row.status,
            "has_draft": row.has_draft,
            "return_reason": reasons.get(row.info.version_id, ""),
            "link": plan_link(organisation, cycle, begun=row.status != PublicStatus.NOT_SUBMITTED or row.has_draft),
        }
        messages.append(
            PlanMessage(
                cycle=cycle,
                kind=kind,
                addresses=to,
                subject=_subject("reminder_subject.txt", context),
                body=_render("reminder_body.txt", context),
                organisation=organisation,
                status=row.status,
                label=f"{organisation.code} {organisation.display_name} ({row.label})",
            )
        )
    messages += _digests(cycle, today, base, entries, outcome)
    return messages


def _digests(cycle, today, base, entries, outcome) -> list[PlanMessage]:
    """One digest to each office user with awaited plans in its area (not yet sent today)."""
    digested = set(
        PlanReminder.objects.filter(cycle=cycle, kind=Kind.DIGEST, sent_on=today).values_list("recipient_id", flat=True)
    )
    by_area = defaultdict(list)  # area → positions in entries (kept in registry order)
    for position, entry in enumerate(entries):
        by_area[("district", entry["organisation"].district_id)].append(position)
        by_area[("province", entry["organisation"].province_id)].append(position)
    messages = []
    for user, areas in digest_recipients():
        own = [entries[position] for position in sorted({p for area in areas for p in by_area[area]})]
        if not own:
            continue
        if user.pk in digested:
            outcome.already += 1
            continue
        context = {
            **base,
            "recipient_name": user.get_full_name() or user.username,
            "entries": own,
            "not_submitted": sum(entry["status"] == PublicStatus.NOT_SUBMITTED for entry in own),
            "to_resubmit": sum(entry["status"] != PublicStatus.NOT_SUBMITTED for entry in own),
        }
        messages.append(
            PlanMessage(
                cycle=cycle,
                kind=Kind.DIGEST,
                addresses=[user.email.strip()],
                subject=_subject("reminder_digest_subject.txt", context),
                body=_render("reminder_digest_body.txt", context),
                recipient=user,
                missing_count=len(own),
                label=user.username,
            )
        )
    return messages


def deliver(message: PlanMessage, today: datetime.date, connection) -> bool:
    """Record the message and send it in one transaction. False when it was recorded already
    (by an earlier or a simultaneous run). When sending raises, the record is rolled back."""
    if message.organisation is not None:
        key = {"cycle": message.cycle, "kind": message.kind, "organisation": message.organisation}
        defaults = {"sent_on": today, "status": message.status}
    else:
        key = {"cycle": message.cycle, "kind": message.kind, "sent_on": today, "recipient": message.recipient}
        defaults = {}
    defaults |= {"addresses": message.addresses, "missing_count": message.missing_count}
    with transaction.atomic():
        _reminder, created = PlanReminder.objects.get_or_create(**key, defaults=defaults)
        if created and message.addresses:
            mail.EmailMultiAlternatives(
                message.subject, message.body, to=message.addresses, connection=connection
            ).send()
    return created
