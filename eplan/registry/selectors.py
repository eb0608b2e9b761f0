"""Reads of the registry shared by pages, exports and the API."""

import re

from django.db.models import Count, Q

from eplan.core.thai import arabic_digits
from eplan.registry.models import TYPE_ABBREVIATIONS, TYPE_FULL_PREFIXES, OrganisationType

_PREFIXES = sorted(
    [(prefix, org_type) for org_type, prefix in TYPE_ABBREVIATIONS.items() if prefix]
    + [(prefix, org_type) for org_type, prefix in TYPE_FULL_PREFIXES.items() if prefix]
    # Without its dot an abbreviation needs a space after it: ทมอ is an อบต.'s name, not ทม.อ…
    + [(prefix.rstrip(".") + " ", org_type) for org_type, prefix in TYPE_ABBREVIATIONS.items() if prefix],
    key=lambda pair: len(pair[0]),
    reverse=True,
)


def search_condition(text: str) -> Q:
    """What a person types to find an organisation: a code ('6800808' or its start), a bare
    name ('กลาย'), or a display name with its type ('อบต.กลาย', 'เทศบาลนครขอนแก่น')."""
    text = arabic_digits(re.sub(r"\s+", " ", text or "").strip())
    if not text:
        return Q()
    if text.isascii() and text.isdigit():
        return Q(code__startswith=text)
    compact = text.replace(" ", "")
    for prefix, org_type in _PREFIXES:
        written = text if prefix.endswith(" ") else compact
        if written.startswith(prefix) and len(written) > len(prefix):
            return Q(org_type=org_type, name__icontains=written[len(prefix) :].replace(" ", ""))
    return Q(name__icontains=text)


def organisations_filter(queryset, *, text="", province=None, district=None, org_type=""):
    queryset = queryset.filter(search_condition(text))
    if province:
        queryset = queryset.filter(province=province)
    if district:
        queryset = queryset.filter(district=district)
    if org_type:
        queryset = queryset.filter(org_type=org_type)
    return queryset


def counts_by_type(queryset) -> list[dict]:
    """[{org_type, label, count}] in the official order of types, zeros included."""
    counts = dict(queryset.order_by().values_list("org_type").annotate(n=Count("id")))
    return [
        {"org_type": value, "label": label, "count": counts.get(value, 0)} for value, label in OrganisationType.choices
    ]
