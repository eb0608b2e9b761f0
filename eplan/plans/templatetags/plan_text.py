"""Template filters for item titles (see eplan.plans.titles)."""

from django import template

from eplan.plans import titles

register = template.Library()


@register.filter
def names_kind(title):
    """Whether a title already says its kind ("โครงการ…"), so the kind is not shown again."""
    return titles.names_kind(title)
