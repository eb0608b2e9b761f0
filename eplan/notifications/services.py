"""Writes of notifications: `notify` for the services that make an event, reading and the
e-mail choices for their owner, and the sending of e-mail, once, by the task queue.

`notify` runs inside the caller's transaction (the event and its notifications commit or
roll back together) and asks the queue to send the e-mail after commit; a web request never
waits for a mail server."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import loader
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eplan.accounts.roles import LAO_ROLES
from eplan.core.audit import audit_record
from eplan.core.mail import site_link, site_url
from eplan.notifications.models import EmailPreference, EmailState, Kind, Notification

logger = logging.getLogger("eplan.notifications")

# Rows written or read per statement when an event reaches many people (a national circular
# reaches every อปท.'s staff).
CHUNK = 500
# A failed e-mail is tried again by later runs, this many times in all.
EMAIL_ATTEMPTS = 3


def lao_users(organisation_ids):
    """The active accounts of the staff of these organisations (officers, executives and the
    primary account)."""
    ids = list(organisation_ids)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(role_assignments__role__in=LAO_ROLES, role_assignments__organisation_id__in=ids)
            | Q(primary_organisation_id__in=ids)
        )
        .distinct()
    )


def lao_users_by_organisation(organisation_ids) -> dict[int, list]:
    """{organisation id: its active staff accounts}, in two queries for any number."""
    from eplan.accounts.models import RoleAssignment

    ids = list(organisation_ids)
    pairs = set(
        RoleAssignment.objects.filter(role__in=LAO_ROLES, organisation_id__in=ids, user__is_active=True).values_list(
            "organisation_id", "user_id"
        )
    )
    users = get_user_model().objects.filter(is_active=True)
    primaries = users.filter(primary_organisation_id__in=ids).values_list("primary_organisation_id", "pk")
    pairs |= set(primaries)
    accounts = users.in_bulk({user_id for _organisation, user_id in pairs})
    found: dict[int, list] = {}
    for organisation_id, user_id in sorted(pairs):
        found.setdefault(organisation_id, []).append(accounts[user_id])
    return found


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def notify(*, kind: str, recipients: Iterable, title: str, url: str, key: str, body: str = "") -> int:
    """Tell each recipient of an event, once: a second call with the same kind and key adds
    nothing for those already told. Returns how many were told now."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify must be called inside the transaction of the event it tells.")
    kind = Kind(kind)
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return 0
    title, url, key = str(title)[:300], str(url)[:500], str(key)[:200]
    new = []
    for ids in _chunks(people):
        told = set(
            Notification.objects.filter(kind=kind, key=key, recipient_id__in=ids).values_list("recipient_id", flat=True)
        )
        off = set(
            EmailPreference.objects.filter(kind=kind, email=False, user_id__in=ids).values_list("user_id", flat=True)
        )
        addresses_by_user = _addresses([people[pk] for pk in ids if pk not in told and pk not in off])
        for pk in ids:
            if pk in told:
                continue
            addresses = addresses_by_user.get(pk, [])
            new.append(
                Notification(
                    recipient_id=pk,
                    kind=kind,
                    key=key,
                    title=title,
                    body=str(body),
                    url=url,
                    email_state=EmailState.PENDING if addresses else EmailState.NONE,
                    email_to=addresses[0] if addresses else "",
                )
            )
    # ignore_conflicts: another transaction telling the same event at the same moment.
    Notification.objects.bulk_create(new, batch_size=CHUNK, ignore_conflicts=True)
    if any(notification.email_state == EmailState.PENDING for notification in new):
        transaction.on_commit(_enqueue_emails)
    return len(new)


def _addresses(users) -> dict[int, list[str]]:
    """{user id: where their e-mail goes}, as accounts.notifications.addresses_of says (an
    organisation's primary account without an address of its own: the organisation's), in
    one query for any number of people."""
    from eplan.registry.models import OrganisationProfile

    found = {user.pk: [user.email] for user in users if user.email}
    primaries = {
        user.pk: user.primary_organisation_id for user in users if not user.email and user.primary_organisation_id
    }
    if primaries:
        emails = dict(
            OrganisationProfile.objects.filter(organisation_id__in=set(primaries.values()))
            .exclude(email="")
            .values_list("organisation_id", "email")
        )
        found.update({pk: [emails[organisation]] for pk, organisation in primaries.items() if organisation in emails})
    return found


def _enqueue_emails():
    from eplan.notifications.tasks import send_notification_emails

    try:
        send_notification_emails.enqueue()
    except Exception:  # the queue being down must not undo the event: a later run sends them
        logger.exception("could not queue notification e-mails")


# --- the owner's own --------------------------------------------------------------------


def notification_read(*, user, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise ValidationError(_("ไม่พบการแจ้งเตือนนี้"))
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_read_all(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def email_preferences_update(*, user, choices: dict) -> dict:
    """choices: {kind: bool}. Returns the kinds whose choice changed ({kind: [before, after]})."""
    unknown = set(choices) - set(Kind.values)
    if unknown:
        raise ValidationError(_("ไม่รู้จักประเภทการแจ้งเตือน: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))})
    current = email_choices(user)
    changes = {kind: [current[kind], bool(on)] for kind, on in choices.items() if current[kind] != bool(on)}
    for kind, (_before, after) in changes.items():
        EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": after})
    if changes:
        audit_record(actor=user, action="notifications.email_preferences_update", obj=user, changes=changes)
    return changes


def email_choices(user) -> dict:
    """{kind: e-mail on?} for every kind."""
    stored = dict(EmailPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: stored.get(kind, True) for kind in Kind.values}


# --- e-mail -----------------------------------------------------------------------------


def _claim(notification_id: int) -> bool:
    """Move one e-mail to SENDING if nobody else has: the once-only step."""
    return bool(
        Notification.objects.filter(
            pk=notification_id,
            email_state__in=[EmailState.PENDING, EmailState.FAILED],
            email_attempts__lt=EMAIL_ATTEMPTS,
        ).update(email_state=EmailState.SENDING, email_attempts=F("email_attempts") + 1)
    )


def _message(notification: Notification) -> EmailMultiAlternatives:
    context = {
        "notification": notification,
        "link": site_url(notification.url) if notification.url.startswith("/") else "",
        "preferences": site_link("notifications:preferences"),
    }
    body = loader.render_to_string("notifications/email.txt", context)
    subject = _("[ระบบแผนปฏิบัติการป้องกันการทุจริต] %(title)s") % {"title": notification.title}
    return EmailMultiAlternatives(subject.replace("\n", " ")[:250], body, to=[notification.email_to])


def send_pending_emails(limit: int | None = None) -> dict:
    """Send every e-mail waiting, each once. Returns {"sent": n, "failed": n}."""
    outcome = {"sent": 0, "failed": 0}
    waiting = Notification.objects.filter(
        email_state__in=[EmailState.PENDING, EmailState.FAILED], email_attempts__lt=EMAIL_ATTEMPTS
    ).order_by("pk")
    ids = list(waiting.values_list("pk", flat=True)[:limit] if limit else waiting.values_list("pk", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        for notification_id in ids:
            if not _claim(notification_id):
                continue
            notification = Notification.objects.select_related("recipient").get(pk=notification_id)
            try:
                _message(notification).send()
            except Exception:
                logger.exception("notification e-mail %s failed", notification_id)
                Notification.objects.filter(pk=notification_id).update(email_state=EmailState.FAILED)
                outcome["failed"] += 1
                continue
            Notification.objects.filter(pk=notification_id).update(
                email_state=EmailState.SENT, emailed_at=timezone.now()
            )
            outcome["sent"] += 1
    return outcome
