"""Reads of circulars that pages, exports, the work list and the API share.

Who sees a circular:
- LAO staff: published circulars addressed to their organisation;
- an office: what it sent (drafts too), and published circulars that reached its area
  (so that it can forward them);
- the public: published circulars marked public (public_circulars).
Anyone else gets 404.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.notices import audience as audiences
from eplan.notices.models import Circular, CircularState, Recipient
from eplan.registry.models import Organisation

CHAIN_DEPTH = 6


def _base():
    return Circular.objects.select_related(
        "sender_province", "sender_district", "audience_province", "audience_district", "parent"
    )


def _reaching(office) -> Q:
    """Published circulars with a recipient in the office's area."""
    if office.kind == "national":
        return Q(state=CircularState.PUBLISHED)
    area = Organisation.objects.filter(office.organisations()).values("pk")
    return Q(state=CircularState.PUBLISHED) & Q(
        Exists(Recipient.objects.filter(circular=OuterRef("pk"), organisation__in=area))
    )


# Offices above an office of each kind: a circular "from above" was sent by one of them.
_ABOVE = {
    "district": Q(sender_district__isnull=True),
    "province": Q(sender_district__isnull=True, sender_province__isnull=True),
    "region": Q(sender_district__isnull=True, sender_province__isnull=True, sender_region__isnull=True),
    "national": Q(pk__in=[]),
}


def _reached_condition(user) -> Q:
    """Published circulars that reached the area of one of the user's offices."""
    condition = Q(pk__in=[])
    for office in audiences.offices_of(user, Capability.VIEW):
        condition |= _reaching(office)
    return condition


def received_for_user(user):
    """Published circulars that reached the user's office area from an office above it
    (the inbox an office forwards from)."""
    condition = Q(pk__in=[])
    for office in audiences.offices_of(user, Capability.VIEW):
        condition |= _reaching(office) & _ABOVE[office.kind]
    return _base().filter(condition)


def sent_for_user(user):
    """Circulars issued by the user's offices, drafts included."""
    return _base().filter(audiences.sent_by(audiences.offices_of(user)))


def addressed_for_user(user):
    """Published circulars addressed to the user's own organisations (LAO staff)."""
    own = scope.lao_organisations_of(user).values("pk")
    return _base().filter(
        Exists(Recipient.objects.filter(circular=OuterRef("pk"), addressed=True, organisation__in=own)),
        state=CircularState.PUBLISHED,
    )


def circulars_for_user(user):
    """Every circular the user may read."""
    own = scope.lao_organisations_of(user).values("pk")
    addressed = Q(state=CircularState.PUBLISHED) & Q(
        Exists(Recipient.objects.filter(circular=OuterRef("pk"), addressed=True, organisation__in=own))
    )
    sent = audiences.sent_by(audiences.offices_of(user))
    return _base().filter(addressed | sent | _reached_condition(user))


def circular_for_user_or_404(user, pk, capability=Capability.VIEW) -> Circular:
    """The circular if the user may read it; with PUBLISH_CIRCULAR, only for its sender
    office (acknowledgements, reminders, publishing, withdrawal)."""
    found = sent_for_user(user) if capability == Capability.PUBLISH_CIRCULAR else circulars_for_user(user)
    try:
        return found.get(pk=int(pk))
    except (Circular.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def public_circulars():
    return _base().filter(state=CircularState.PUBLISHED, is_public=True)


def public_circular_or_404(pk) -> Circular:
    try:
        return public_circulars().get(pk=int(pk))
    except (Circular.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def chain_of(circular) -> list[Circular]:
    """The circular and those it forwards, from the first letter down to this one."""
    chain = [circular]
    current = circular
    while current.parent_id and len(chain) < CHAIN_DEPTH:
        current = _base().get(pk=current.parent_id)
        chain.append(current)
    return list(reversed(chain))


def own_recipients(user, circular) -> list[Recipient]:
    """The rows of the user's own organisations for this circular (LAO staff)."""
    return list(
        Recipient.objects.filter(
            circular=circular, addressed=True, organisation__in=scope.lao_organisations_of(user).values("pk")
        ).select_related("organisation", "acknowledged_by")
    )


def acknowledgement_totals(circular) -> dict:
    figures = Recipient.objects.filter(circular=circular, addressed=True).aggregate(
        total=Count("pk"),
        acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        replied=Count("pk", filter=Q(replied_at__isnull=False)),
    )
    figures["rate"] = round(100 * figures["acknowledged"] / figures["total"]) if figures["total"] else 0
    return figures


def acknowledgement_by_district(circular) -> list[dict]:
    """Per district: addressed, acknowledged, replied, rate (%), in one query."""
    rows = (
        Recipient.objects.filter(circular=circular, addressed=True)
        .values("organisation__district_id", "organisation__district__name_th", "organisation__province__name_th")
        .annotate(
            total=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            replied=Count("pk", filter=Q(replied_at__isnull=False)),
        )
        .order_by("organisation__district_id")
    )
    return [
        {
            "district": row["organisation__district_id"],
            "district_name": row["organisation__district__name_th"],
            "province_name": row["organisation__province__name_th"],
            "total": row["total"],
            "acknowledged": row["acknowledged"],
            "replied": row["replied"],
            "rate": round(100 * row["acknowledged"] / row["total"]) if row["total"] else 0,
        }
        for row in rows
    ]


def acknowledgement_rows(circular):
    """Per organisation, for the sender's table and export (one query)."""
    return (
        Recipient.objects.filter(circular=circular, addressed=True)
        .select_related("organisation__district", "organisation__province", "acknowledged_by")
        .order_by("organisation__district_id", "organisation__code")
    )


def sent_with_rates(user):
    """The office's published circulars with addressed and acknowledged counts."""
    return (
        sent_for_user(user)
        .filter(state=CircularState.PUBLISHED)
        .annotate(
            addressed_count=Count("recipients", filter=Q(recipients__addressed=True)),
            acknowledged_count=Count(
                "recipients", filter=Q(recipients__addressed=True, recipients__acknowledged_at__isnull=False)
            ),
        )
    )


def not_forwarded_for_user(user):
    """Circulars that reached the office from above and that nobody of its area has passed
    on (neither it, nor the other office of the same province or district, nor one of their
    forwards): a DLA letter forwarded by the สถ.จ. is not asked of the NACC office too."""
    offices = audiences.offices_of(user)
    mine = audiences.sent_in_areas(offices)
    forwarded = Circular.objects.filter(mine, parent__isnull=False).exclude(state=CircularState.WITHDRAWN)
    return (
        received_for_user(user)
        .exclude(pk__in=forwarded.values("parent_id"))
        .exclude(forwards__in=Circular.objects.filter(pk__in=forwarded.values("parent_id")))
    )
