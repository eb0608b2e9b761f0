"""Template filters for Thai dates, fiscal years and money (built in to every template)."""

from django import template

from eplan.core import thai

register = template.Library()


@register.filter
def thai_date(value):
    return thai.thai_date(value)


@register.filter
def thai_date_formal(value):
    return thai.thai_date_formal(value)


@register.filter
def thai_date_short(value):
    return thai.thai_date(value, short=True)


@register.filter
def thai_datetime(value):
    return thai.thai_datetime(value, short=True)


@register.filter
def baht(value):
    return thai.baht(value)


@register.filter
def number(value):
    return thai.number(value)


@register.filter
def thai_digits(value):
    return thai.thai_digits(value)


@register.filter
def percent(value, decimals=1):
    if value is None:
        return ""
    return f"{value:.{int(decimals)}f}%"


@register.filter
def action_label(value):
    """The Thai name of an audit action code."""
    from eplan.core.audit import action_label as label

    return label(value)


@register.filter
def get(mapping, key):
    """mapping[key] in a template; keys are tried as given and as text (JSON keys)."""
    if not isinstance(mapping, dict):  # absent from the context, or not a mapping
        return None
    if key in mapping:
        return mapping[key]
    return mapping.get(str(key))


@register.filter
def as_pairs(mapping):
    """(key, value) pairs of a mapping, for `{% for key, value in x|as_pairs %}`: unlike
    `x.items`, a key named "items" (or "keys", "values") cannot shadow the method."""
    if not isinstance(mapping, dict):
        return []
    return list(mapping.items())


@register.filter
def is_change(value):
    """Whether an audit value is an [old, new] pair."""
    return isinstance(value, list | tuple) and len(value) == 2


@register.filter
def in_language(record, field="text"):
    """record.<field>_en on the English pages when there is one, else record.<field> (Thai).
    Works for model instances and for the dicts of a frozen document."""
    from django.utils import translation

    def value(name):
        return record.get(name) if isinstance(record, dict) else getattr(record, name, None)

    if (translation.get_language() or "th").startswith("en") and value(f"{field}_en"):
        return value(f"{field}_en")
    return value(field) or ""
