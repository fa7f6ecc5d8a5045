"""Roster, workforce and activity pages: each kind's list, form, detail with history and delete."""

from django.db.models import Count, Q, Sum
from django.urls import reverse_lazy

from unionreport.entry.kinds import EntryKind
from unionreport.members import services
from unionreport.members.filters import ActivityFilter, MemberFilter, WorkforceFilter
from unionreport.members.forms import WORKFORCE_NUMBERS, ActivityForm, MemberForm, WorkforceForm
from unionreport.members.selectors import activities_for, members_for, workforce_for
from unionreport.members.tables import ActivityTable, MemberTable, WorkforceTable

LINKS = (("Danh sách đoàn viên", reverse_lazy("members:list")),
         ("Tình hình lao động", reverse_lazy("members:workforce_list")),
         ("Hoạt động khác", reverse_lazy("members:activity_list")))

MEMBERS = EntryKind(
    namespace="members", prefix="", slug="", title="Danh sách đoàn viên", noun="đoàn viên",
    selector=members_for, form_class=MemberForm, data_class=services.MemberData,
    create=services.member_create, update=services.member_update, delete=services.member_delete,
    table_class=MemberTable, filterset_class=MemberFilter, links=LINKS,
    lock_pairs=lambda row: [(row.unit_id, year) for year in services.member_years(row.joined_on, row.left_on)],
)

WORKFORCE = EntryKind(
    namespace="members", prefix="workforce_", slug="lao-dong/", title="Tình hình lao động",
    noun="số liệu tình hình lao động", selector=workforce_for, form_class=WorkforceForm,
    data_class=services.WorkforceData, create=services.workforce_create, update=services.workforce_update,
    delete=services.workforce_delete, table_class=WorkforceTable, filterset_class=WorkforceFilter, links=LINKS,
    totals={name: Sum(name) for name in WORKFORCE_NUMBERS if name != "average_income_vnd"},
    lock_pairs=lambda row: [(row.unit_id, row.year)],
)

ACTIVITY_SUMS = ["dialogues", "training_classes", "trainees", "party_introduced", "party_admitted"]
ACTIVITIES = EntryKind(
    namespace="members", prefix="activity_", slug="hoat-dong/", title="Hoạt động khác", noun="số liệu hoạt động",
    selector=activities_for, form_class=ActivityForm, data_class=services.ActivityData,
    create=services.activity_create, update=services.activity_update, delete=services.activity_delete,
    table_class=ActivityTable, filterset_class=ActivityFilter, links=LINKS,
    totals={**{name: Sum(name) for name in ACTIVITY_SUMS},
            "workers_conference": Count("pk", filter=Q(workers_conference=True)),
            "collective_agreement": Count("pk", filter=Q(collective_agreement=True))},
    lock_pairs=lambda row: [(row.unit_id, row.year)],
)
