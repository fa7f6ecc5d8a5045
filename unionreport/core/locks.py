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
