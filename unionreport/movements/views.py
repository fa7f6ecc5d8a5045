"""Emulation pages: an index, and for each kind its list, form, detail with history and delete."""

from django.db.models import Sum
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from unionreport.entry.kinds import EntryKind
from unionreport.movements import filters, forms, selectors, services, tables


def _province_year(row, year=None):
    """The province's rows lock with the province root's year (`province_id` is annotated by the selectors)."""
    return [(row.province_id, year or row.year)] if row.province_id else []


def _result_totals(filterset):
    """Values of different indicators do not add up: a total only for one chosen indicator."""
    chosen = getattr(filterset.form, "cleaned_data", {}).get("indicator")
    return {"value": Sum("value")} if chosen else {}


LINKS = (("Thi đua", reverse_lazy("movements:index")),)


def _staff_kind(prefix, slug, title, noun, **kw):
    """A list the province keeps (provincial staff write it)."""
    return EntryKind(namespace="movements", prefix=prefix, slug=slug, title=title, noun=noun, staff_only=True,
                     links=LINKS, **kw)


MOVEMENTS = _staff_kind(
    "movement_", "phong-trao/", "Phong trào thi đua", "phong trào thi đua",
    create=services.movement_create, update=services.movement_update, delete=services.movement_delete,
    selector=selectors.movements_for, form_class=forms.MovementForm, data_class=services.MovementData,
    table_class=tables.MovementTable, filterset_class=filters.MovementFilter, lock_pairs=_province_year)
INDICATORS = _staff_kind(
    "indicator_", "chi-tieu-phong-trao/", "Chỉ tiêu của các phong trào", "chỉ tiêu phong trào",
    create=services.indicator_create, update=services.indicator_update, delete=services.indicator_delete,
    selector=selectors.indicators_for, form_class=forms.IndicatorForm, data_class=services.IndicatorData,
    table_class=tables.IndicatorTable, filterset_class=filters.IndicatorFilter,
    lock_pairs=lambda row: _province_year(row, row.movement.year))
DIRECTIVES = _staff_kind(
    "directive_", "van-ban/", "Văn bản chỉ đạo", "văn bản chỉ đạo",
    create=services.directive_create, update=services.directive_update, delete=services.directive_delete,
    selector=selectors.directives_for, form_class=forms.DirectiveForm, data_class=services.DirectiveData,
    table_class=tables.DirectiveTable, filterset_class=filters.DirectiveFilter, lock_pairs=_province_year)
THEMES = _staff_kind(
    "theme_", "chu-de-nam/", "Chủ đề năm", "chủ đề năm",
    create=services.year_theme_create, update=services.year_theme_update, delete=services.year_theme_delete,
    selector=selectors.themes_for, form_class=forms.YearThemeForm, data_class=services.YearThemeData,
    table_class=tables.YearThemeTable, filterset_class=filters.YearThemeFilter, lock_pairs=_province_year)
RESULTS = EntryKind(
    namespace="movements", prefix="result_", slug="ket-qua/", title="Kết quả thi đua của các đơn vị",
    noun="kết quả thi đua", selector=selectors.results_for, form_class=forms.ResultForm,
    data_class=services.ResultData, create=services.result_create, update=services.result_update,
    delete=services.result_delete, table_class=tables.ResultTable, filterset_class=filters.ResultFilter,
    totals=_result_totals, lock_pairs=lambda row: [(row.unit_id, row.year)], links=LINKS)

KINDS = (MOVEMENTS, INDICATORS, RESULTS, DIRECTIVES, THEMES)


@require_GET
def index(request):
    sections = [(kind.title, reverse_lazy(kind.url_name("list"))) for kind in KINDS]
    # The year's targets are the report's (they point at its figures); staff keep them beside the movements.
    sections.insert(3, ("Chỉ tiêu năm (Tổng LĐLĐ giao)", reverse_lazy("reports:target_list")))
    return render(request, "movements/index.html", {"sections": sections})
