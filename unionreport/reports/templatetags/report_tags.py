"""Showing the report's figures: exact numbers, each a link to its provenance (on screen only).

These tags only format and link; the figures come computed from `reports.figures`.
"""


from django import template
from django.utils.html import format_html

from unionreport.lib import formatting
from unionreport.reports.measures import TRACEABLE

register = template.Library()


def _number(value) -> str:
    return formatting.format_number(value)


def _link(report, key: str, text: str, unit_code: str | None = None) -> str:
    traceable = key in TRACEABLE or key.startswith("chi_so.")
    if not report.links or not traceable:
        return format_html("{}", text)
    url = report.provenance_url(key, unit_code)
    return format_html('<a href="{}" class="fig" data-key="{}">{}</a>', url, key, text)


@register.simple_tag(takes_context=True)
def fig(context, key, value=None, unit_code=None):
    """The exact figure (this report's, or `value` for a child unit's row), linked to its sources."""
    report = context["report"]
    number = report.figures.get(key) if value is None else value
    return _link(report, key, _number(number), unit_code)


@register.simple_tag(takes_context=True)
def cell(context, c):
    """One cell of a `reports.document` table: its text, linked to its sources when it shows a figure."""
    return _link(context["report"], c.key, c.text, c.unit_code or None) if c.key else format_html("{}", c.text)


@register.simple_tag(takes_context=True)
def segment(context, seg):
    """One piece of a narrative paragraph: plain text (escaped) or a figure linked to its sources."""
    report = context["report"]
    if seg.key:
        return _link(report, seg.key, seg.text)
    return format_html("{}", seg.text)

