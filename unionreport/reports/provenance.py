"""Where a figure comes from: its value at a unit, split by the child units, down to the rows.

The value at each level is computed with the same declaration (`measures`) as the report,
so each level sums to the one above: children + the unit's own rows = the unit's figure.
Rows show the uploaded return version, or else the person who entered them (first history record).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.apps import apps
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

from unionreport.lib.formatting import format_date, format_int
from unionreport.lib.years import year_end
from unionreport.reports.figures import indicator_by_child, indicator_name, indicator_total, table_values
from unionreport.reports.measures import AGGREGATES, ALIASES, FIGURE_KEYS, TABLES, Measure, measure_for
from unionreport.reports.models import AggregateFigure
from unionreport.units import rollup
from unionreport.units.models import Unit
from unionreport.units.selectors import ancestors, name_on

ROW_LIMIT = 500
_CODE, _KEY = "__ma_don_vi__", "__ma_so_lieu__"
_URL_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what `reverse` leaves unquoted


def provenance_url_maker(year: int):
    """`url(unit_code, key)` → the provenance page's URL, equal to `reverse("reports:provenance", …)` but
    with one `reverse` for all of them (the report page links about 1.100 figures)."""
    pattern = reverse("reports:provenance", args=[_CODE, year, _KEY])

    def url(unit_code: str, key: str) -> str:
        return pattern.replace(_CODE, quote(unit_code, safe=_URL_SAFE)).replace(_KEY, quote(key, safe=_URL_SAFE))
    return url


@dataclass
class Level:
    unit: Unit
    name: str
    value: Decimal | int
    is_own: bool = False


@dataclass
class SourceRow:
    id: int
    description: str
    value: Decimal | int
    source: str


@dataclass
class Provenance:
    key: str
    label: str
    measure: str
    unit: Unit
    unit_name: str
    year: int
    value: Decimal | int
    trail: list[Unit]
    children: list[Level]
    own_value: Decimal | int
    own_count: int
    rows: list[SourceRow]

    @property
    def children_sum(self):
        return sum(level.value for level in self.children) + self.own_value

    @property
    def rows_truncated(self) -> bool:
        return self.own_count > len(self.rows)


def _rows_queryset(measure: Measure, unit: Unit, year: int):
    table = TABLES[measure.table]
    return table.model.objects.filter(rollup.own_q(unit, table.unit_field), table.year_q(year), measure.q(year))


def _describe(row) -> str:
    """One line saying what the row is, in the words of the entry forms."""
    if isinstance(row, Unit):
        closed = f", ngừng hoạt động từ {row.valid_to:%d/%m/%Y}" if row.valid_to else ""
        return f"{row.name} ({row.code}), thành lập {row.valid_from:%d/%m/%Y}{closed}"
    name = type(row).__name__
    if name == "Disbursement":
        text = (f"{row.date:%d/%m/%Y} · {row.get_occasion_display()} · {row.get_form_display()} · "
                f"{row.get_source_display()} · {format_int(row.person_times)} lượt, {format_int(row.amount_vnd)} đồng")
        return text + (f" · {row.description}" if row.description else "")
    if name == "Member":
        left = f", ra {row.left_on:%d/%m/%Y}" if row.left_on else ""
        return f"{row.full_name} (thẻ {row.card_number}), vào công đoàn {row.joined_on:%d/%m/%Y}{left}"
    if name == "House":
        return f"{row.get_kind_display()} – {row.member_name}, bàn giao {row.handover_date:%d/%m/%Y}"
    if name == "MovementResult":
        return f"{row.indicator.name}" + (f" – {row.note}" if row.note else "")
    if name == "Workforce":
        return f"Tình hình lao động năm {row.year}"
    if name == "Activity":
        return f"Hoạt động khác năm {row.year}"
    return str(row)


def _return_version_model():
    try:
        return apps.get_model("returns", "ReturnVersion")
    except LookupError:
        return None


def _sources(rows: list, model) -> dict[int, str]:
    """'Báo cáo Excel lần 2 (tệp.xlsx), tải lên bởi X' or 'Nhập bởi Y ngày dd/mm/yyyy': two queries at most."""
    result: dict[int, str] = {}
    batch_ids = {getattr(row, "batch_id", None) for row in rows} - {None}
    version_model = _return_version_model()
    versions = {}
    if batch_ids and version_model is not None:
        versions = {v.batch_id: v for v in version_model.objects.filter(batch_id__in=batch_ids)
                    .select_related("uploaded_by", "return_obj")}
    history = getattr(model, "history", None)
    entered = {}
    if history is not None:
        first = history.model.objects.filter(id__in=[r.pk for r in rows], history_type="+").select_related(
            "history_user")
        entered = {h.id: h for h in first}
    for row in rows:
        version = versions.get(getattr(row, "batch_id", None))
        if version is not None:
            who = version.uploaded_by.get_full_name() or version.uploaded_by.username if version.uploaded_by else ""
            result[row.pk] = (f"Báo cáo Excel lần {version.number} ({version.original_name})"
                              + (f", tải lên bởi {who}" if who else ""))
        elif getattr(row, "batch_id", None):
            result[row.pk] = f"Lần nhập dữ liệu #{row.batch_id}"
        elif row.pk in entered:
            h = entered[row.pk]
            user = h.history_user
            who = (user.get_full_name() or user.username) if user else "hệ thống (dữ liệu mẫu, lệnh quản trị)"
            result[row.pk] = f"Nhập bởi {who} ngày {h.history_date:%d/%m/%Y}"
        else:
            result[row.pk] = ""
    return result


def _own_rows(measure: Measure, unit: Unit, year: int) -> tuple[list[SourceRow], int, Decimal | int]:
    qs = _rows_queryset(measure, unit, year)
    field = measure.field
    totals = qs.order_by().aggregate(n=Count("pk"), total=Sum(field) if field else Count("pk"))
    related = [f for f in ("indicator",) if hasattr(qs.model, f"{f}_id")]
    rows = list(qs.select_related(*related)[:ROW_LIMIT])
    sources = _sources(rows, qs.model)
    return ([SourceRow(r.pk, _describe(r), getattr(r, field) if field else 1, sources.get(r.pk, "")) for r in rows],
            totals["n"], totals["total"] or 0)


def figure_provenance(unit: Unit, year: int, key: str) -> Provenance | None:
    measure = measure_for(key)
    if measure is None or not measure.table:
        return None
    key = ALIASES.get(key, key)
    children = rollup.child_units(unit, year)
    if measure.table == "movements":
        sums = indicator_by_child(unit, year, int(key.removeprefix("chi_so.")))
        per_child = dict(sums)
    else:
        per_child = {k: row.get(key, 0) for k, row in table_values(measure.table, unit, year, by_child=True).items()}
        for k, row in table_values(AGGREGATES.name, unit, year, by_child=True).items():  # units' old reports
            per_child[k] = per_child.get(k, 0) + row.get(key, 0)
    levels = [Level(child, name, per_child.get(child.pk, 0)) for child, name in children]
    rows, count, own_total = _own_rows(measure, unit, year)
    stated = _stated(unit, year, key)
    if stated is not None:
        rows.insert(0, stated)
        count, own_total = count + 1, own_total + stated.value
    info = FIGURE_KEYS.get(key)
    label = info.label if info else _indicator_label(key)
    value = _unit_value(measure, unit, year, key)
    return Provenance(key=key, label=label, measure=info.measure if info else "", unit=unit,
                      unit_name=name_on(unit, year_end(year)), year=year, value=value,
                      trail=ancestors(unit, year_end(year)), children=levels, own_value=own_total, own_count=count,
                      rows=rows)


def _indicator_label(key: str) -> str:
    indicator = indicator_name(int(key.removeprefix("chi_so.")))
    return f"{indicator.movement.name}: {indicator.name}" if indicator else key


def _unit_value(measure: Measure, unit: Unit, year: int, key: str):
    """The unit's figure computed on its own (the report's query), to show that the levels add up."""
    if measure.table == "movements":
        return indicator_total(unit, year, int(key.removeprefix("chi_so.")))
    return (table_values(measure.table, unit, year, by_child=False)[None].get(key, 0)
            + table_values(AGGREGATES.name, unit, year, by_child=False)[None].get(key, 0))


def _stated(unit: Unit, year: int, key: str) -> SourceRow | None:
    """The unit's own figure as its old report stated it (aggregate history), as a source row."""
    figure = (AggregateFigure.objects.filter(unit=unit, year=year, key=key)
              .select_related("source__uploaded_by").first())
    if figure is None:
        return None
    source = figure.source
    person = source.uploaded_by
    who = f", nhập bởi {person.get_full_name() or person.username}" if person else ""
    return SourceRow(figure.pk, f"Số liệu tổng hợp từ {source.source}", figure.value,
                     f"Tệp {source.original_name}{who}, ngày {format_date(source.uploaded_at)}")
