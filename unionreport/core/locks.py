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


BulkChecker = Callable[[set[tuple[int, int]]], dict[tuple[int, int], str]]
# checker -> its bulk twin: many (unit_id, year) pairs at once -> {pair: reason} for the locked ones.
_bulk: dict[Callable, BulkChecker] = {}


def register(checker: Callable[[int, int], str | None], *, bulk: BulkChecker | None = None) -> None:
    """Register a checker; `bulk` (optional) answers many pairs in one go, for lists (see `lock_reasons`)."""
    if checker not in _checkers:
        _checkers.append(checker)
    if bulk is not None:
        _bulk[checker] = bulk


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




def lock_reasons(pairs) -> dict[tuple[int, int], str]:
    """The locked pairs among `pairs`, with their reasons (lists mark those rows read-only).

    A checker registered with a `bulk` twin costs one call for all the pairs; one without
    is asked pair by pair. Nothing is asked while no checker is registered.
    """
    pairs = {(int(unit_id), int(year)) for unit_id, year in pairs}
    found: dict[tuple[int, int], str] = {}
    for checker in list(_checkers):
        todo = pairs - found.keys()
        if not todo:
            break
        answers = _bulk[checker](todo) if checker in _bulk else {pair: checker(*pair) for pair in todo}
        found.update({pair: reason for pair, reason in answers.items() if reason})
    return found
