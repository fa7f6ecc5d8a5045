"""What the province has not declared yet for a reporting year (movements, targets), for every page that shows
the year: a registry like the lock hook (`core.locks`).

The movements and targets live above the returns app (targets in `reports`), while the page where staff
open a year is the returns app's: the reports app registers its check at start-up (`ReportsConfig.ready`),
and pages of any layer ask `year_gaps(year)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class YearGap:
    message: str  # "Năm 2025 chưa có phong trào thi đua: Thi đua sheet của mẫu báo cáo không có gì để chọn."
    link_text: str  # "Thêm phong trào thi đua"
    url: str


_checkers: list[Callable[[int], list[YearGap]]] = []


def register(checker: Callable[[int], list[YearGap]]) -> None:
    if checker not in _checkers:
        _checkers.append(checker)


def year_gaps(year: int) -> list[YearGap]:
    return [gap for checker in _checkers for gap in checker(year)]
