"""A previewed upload's validated rows, kept as JSON so that the confirmation imports them without parsing the
workbook again (issue 16: a file costs the server one read, not two).

`staged_rows(parsed, seen_version)` is what the preview stores on the `UploadStaging` row: every value the
import writes (dates, decimals tagged so they come back as they were), the warnings, the columns the data-quality
messages name, and the return's `version` when the file was checked. The cells as typed (`_raw`) are left out:
they only serve the error messages, and a file with an error is never staged. `parsed_from_staged` rebuilds the
`ParsedReturn`; `StagedGone` when something it names no longer exists (the unit, a movement's indicator).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from unionreport.movements.models import Indicator
from unionreport.returns.excel.cells import Issue
from unionreport.returns.excel.workbook import ParsedReturn
from unionreport.units.models import Unit

FORMAT = 1  # the shape below; a staging row of another shape is previewed again, not guessed at
GONE = "Dữ liệu đã thay đổi sau khi bạn xem trước ({what}). Hãy tải tệp lên lại."


class StagedGone(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _freeze(value):
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, Decimal):
        return {"$n": str(value)}
    if isinstance(value, dt.datetime):
        return {"$t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, dict):
        return {key: _freeze(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_freeze(item) for item in value]
    raise TypeError(f"cannot stage {type(value).__name__}")


def _thaw(value):
    if isinstance(value, list):
        return [_thaw(item) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (tag, text), = value.items()
        if tag == "$n":
            return Decimal(text)
        if tag == "$d":
            return dt.date.fromisoformat(text)
        if tag == "$t":
            return dt.datetime.fromisoformat(text)
    return {key: _thaw(item) for key, item in value.items()}


def _rows(records: list[dict]) -> list[dict]:
    return [{key: _freeze(value) for key, value in record.items() if key not in ("_raw", "indicator_obj")}
            | ({"indicator_id": record["indicator_obj"].pk} if record.get("indicator_obj") is not None else {})
            for record in records]


def staged_rows(parsed: ParsedReturn, *, seen_version: int) -> dict:
    """The JSON kept with a previewed upload that has no error."""
    return {"format": FORMAT, "seen_version": seen_version, "unit_id": parsed.unit.pk, "year": parsed.year,
            "info": _freeze(parsed.info), "workforce": _freeze(parsed.workforce),
            "activities": _freeze(parsed.activities), "members": _rows(parsed.members),
            "welfare": _rows(parsed.welfare), "houses": _rows(parsed.houses), "results": _rows(parsed.results),
            "present": sorted(parsed.present), "columns": parsed.columns, "label_rows": parsed.label_rows,
            "warnings": [vars(issue) for issue in parsed.warnings]}


def parsed_from_staged(data: dict) -> ParsedReturn:
    """The `ParsedReturn` the preview checked, with the unit and the indicators read again."""
    unit = Unit.objects.filter(pk=data["unit_id"]).first()
    if unit is None:
        raise StagedGone(GONE.format(what="đơn vị không còn trong hệ thống"))
    results = _thaw(data["results"])
    wanted = {row.get("indicator_id") for row in results} - {None}
    indicators = Indicator.objects.filter(pk__in=wanted, movement__year=data["year"], movement__active=True) \
        .in_bulk() if wanted else {}
    if len(indicators) != len(wanted):
        raise StagedGone(GONE.format(what="phong trào thi đua hoặc chỉ tiêu của năm đã được sửa"))
    for row in results:
        row["indicator_obj"] = indicators.get(row.pop("indicator_id", None))
    return ParsedReturn(unit=unit, year=data["year"], info=_thaw(data["info"]), workforce=_thaw(data["workforce"]),
                        activities=_thaw(data["activities"]), members=_thaw(data["members"]),
                        welfare=_thaw(data["welfare"]), houses=_thaw(data["houses"]), results=results,
                        present=set(data["present"]), columns=data["columns"], label_rows=data["label_rows"],
                        warnings=[Issue(**issue) for issue in data["warnings"]])
