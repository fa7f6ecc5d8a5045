"""The year being reported, for the layers below the returns app (lists, forms): a registry like the lock hook.

The returns app knows which reporting year the province has open; it registers its rule
(`returns.selectors.default_year`) at start-up. Until then (or without it) the rule of
`lib.years.default_year` answers with the calendar year. One default year for every page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from unionreport.lib import years

_provider: list[Callable[[], int]] = []


def register(provider: Callable[[], int]) -> None:
    """Register the one rule (`returns.selectors.default_year`); a second registration replaces the first."""
    _provider[:] = [provider]


def default_year() -> int:
    if _provider:
        return _provider[0]()
    return years.default_year(open_year=None, last_opened_year=None, today=timezone.localdate())
