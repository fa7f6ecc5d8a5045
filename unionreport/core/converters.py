"""Path converters shared by the urlconfs.

`<year:year>` matches a reporting year 2000–2100 only, so /tong-ket/NB/99999/ or
/bao-cao-nam/0/CS0096/ answer 404 before any view builds a date from the year
(dt.date(99999, 12, 31) raises, which used to answer 500).
"""

from __future__ import annotations

MIN_YEAR, MAX_YEAR = 2000, 2100


class YearConverter:
    regex = r"20\d\d|2100"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        year = int(value)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"year out of range: {year}")  # reverse() answers NoReverseMatch
        return str(year)
