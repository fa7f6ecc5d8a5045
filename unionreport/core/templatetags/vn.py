"""Template filters that call the one formatting module (templates show, they don't compute)."""

from django import template

from unionreport.lib import formatting

register = template.Library()


@register.filter
def vn_int(value):
    return formatting.format_int(value)


@register.filter
def vn_date(value):
    return formatting.format_date(value)


@register.filter
def vn_percent(value):
    return formatting.format_percent(value)


@register.filter
def person(user, empty="—"):
    """A user's name for display: full name, else username, else `empty` (safe when the user is None)."""
    if user is None:
        return empty
    return user.get_full_name() or user.username
