"""Template filters for item titles (see eplan.plans.titles)."""

from django import template

from eplan.plans import titles

register = template.Library()


@register.simple_tag
def numbering_choices():
    """The ways items may be numbered in the plan PDF, for the PDF choices form."""
    return titles.Numbering.CHOICES


@register.filter
def names_kind(title):
    """Whether a title already says its kind ("โครงการ…"), so the kind is not shown again."""
    return titles.names_kind(title)
