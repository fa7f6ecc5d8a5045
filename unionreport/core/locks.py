"""The read-only hook: may rows of (unit, year) still change?

Domain services and forms call `ensure_editable`. The returns app (which knows about
approval and locked years) registers the real check at start-up; until then nothing
is locked. Keeping the hook here keeps the dependency arrows pointing down.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

# (unit_id, year) -> a Vietnamese reason when locked, or None when editable.
_checkers: list[Callable[[int, int], str | None]] = []


def register(checker: Callable[[int, int], str | None]) -> None:
    if checker not in _checkers:
        _checkers.append(checker)


def lock_reason(unit_id: int, year: int) -> str | None:
    for checker in _checkers:
        reason = checker(unit_id, year)
        if reason:
            return reason
    return None


def ensure_editable(unit_id: int, year: int) -> None:
    reason = lock_reason(unit_id, year)
    if reason:
        raise ValidationError(reason)


# Many (unit_id, year) pairs at once -> {pair: reason} for the locked ones (lists show 50 rows a page).
_bulk_checkers: list[Callable[[set[tuple[int, int]]], dict[tuple[int, int], str]]] = []


def register_bulk(checker: Callable[[set[tuple[int, int]]], dict[tuple[int, int], str]]) -> None:
    """Optional: a checker that answers many pairs in one query (used by `lock_reasons`)."""
    if checker not in _bulk_checkers:
        _bulk_checkers.append(checker)


def lock_reasons(pairs) -> dict[tuple[int, int], str]:
    """The locked pairs among `pairs`, with their reasons.

    With a bulk checker registered this costs one call per checker; otherwise it asks
    `lock_reason` for each distinct pair (nothing at all while no checker is registered).
    """
    pairs = {(int(unit_id), int(year)) for unit_id, year in pairs}
    if not pairs or not (_checkers or _bulk_checkers):
        return {}
    if _bulk_checkers:
        found: dict[tuple[int, int], str] = {}
        for checker in _bulk_checkers:
            for pair, reason in checker(pairs).items():
                if reason:
                    found.setdefault(pair, reason)
        return found
    return {pair: reason for pair in pairs if (reason := lock_reason(*pair))}
