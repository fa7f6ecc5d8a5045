"""Showing the report's figures: exact numbers, each a link to its provenance (on screen only).

These tags only format and link; the figures come computed from `reports.figures`.
"""


from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

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
def segment(context, seg):
    """One piece of a narrative paragraph: plain text (escaped) or a figure linked to its sources."""
    report = context["report"]
    if seg.key:
        return _link(report, seg.key, seg.text)
    return format_html("{}", seg.text)



def _td(report, c) -> str:
    attrs = (' class="num"' if c.numeric else "") + (f' colspan="{c.span}"' if c.span > 1 else "")
    text = _link(report, c.key, c.text, c.unit_code or None) if c.key else conditional_escape(c.text)
    return f"<td{attrs}>{text}</td>"


def _tr(report, cells, css: str = "") -> str:
    attrs = f' class="{css}"' if css else ""
    return f"<tr{attrs}>{''.join(_td(report, c) for c in cells)}</tr>"


@register.simple_tag(takes_context=True)
def table_body(context, t) -> SafeString:
    """The rows of a `reports.document` table, its total row last (the row before it marked: kept together on
    paper), built in one pass: the appendices hold some 6.000 cells, which the template language took ~0,2 s
    to loop over. Each text is escaped and each figure linked to its sources."""
    report = context["report"]
    if not t.rows:
        lines = [f'<tr><td colspan="{len(t.columns)}">{conditional_escape(t.empty)}</td></tr>']
    else:
        last = len(t.rows) - 1
        lines = [_tr(report, row, "before-total" if i == last and t.footer else "") for i, row in enumerate(t.rows)]
    if t.footer:
        lines.append(_tr(report, t.footer, "total"))
    return mark_safe("\n".join(lines))  # noqa: S308 (every text is escaped, or built by format_html)
