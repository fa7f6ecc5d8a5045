"""Welfare pages: the list, form, detail with history and delete all come from one EntryKind."""

from django.db.models import Sum

from unionreport.entry.kinds import EntryKind
from unionreport.welfare import services
from unionreport.welfare.filters import DisbursementFilter
from unionreport.welfare.forms import DisbursementForm
from unionreport.welfare.selectors import disbursements_for, list_totals_from_summary
from unionreport.welfare.tables import DisbursementTable

DISBURSEMENTS = EntryKind(
    namespace="welfare", prefix="", slug="", title="Chăm lo đoàn viên", noun="khoản chăm lo",
    selector=disbursements_for, form_class=DisbursementForm, data_class=services.DisbursementData,
    create=services.disbursement_create, update=services.disbursement_update, delete=services.disbursement_delete,
    table_class=DisbursementTable, filterset_class=DisbursementFilter,
    totals={"person_times": Sum("person_times"), "amount_vnd": Sum("amount_vnd")},
    summary_totals=list_totals_from_summary,
    lock_pairs=lambda row: [(row.unit_id, row.date.year)],
)
