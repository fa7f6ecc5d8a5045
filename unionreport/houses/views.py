"""Mái ấm Công đoàn pages: list, form, detail with history and delete, from one EntryKind."""

from django.db.models import Sum

from unionreport.entry.kinds import EntryKind
from unionreport.houses import services
from unionreport.houses.filters import HouseFilter
from unionreport.houses.forms import HouseForm
from unionreport.houses.selectors import houses_for
from unionreport.houses.tables import HouseTable

HOUSES = EntryKind(
    namespace="houses", prefix="", slug="", title="Mái ấm Công đoàn", noun="nhà Mái ấm Công đoàn",
    selector=houses_for, form_class=HouseForm, data_class=services.HouseData,
    create=services.house_create, update=services.house_update, delete=services.house_delete,
    table_class=HouseTable, filterset_class=HouseFilter,
    totals={"total_support_vnd": Sum("total_support_vnd"), "union_fund_vnd": Sum("union_fund_vnd")},
    lock_pairs=lambda row: [(row.unit_id, row.handover_date.year)],
)
