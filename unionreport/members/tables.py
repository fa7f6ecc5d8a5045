"""The columns of the roster, workforce and activity lists."""

import django_tables2 as tables

from unionreport.entry.tables import (
    ActionsColumn,
    DateColumn,
    IntColumn,
    ListTable,
    PlainColumn,
    UnitColumn,
    YesNoColumn,
    count_footer,
    total_footer,
)
from unionreport.members.models import Activity, Member, Workforce


class MemberTable(ListTable):
    card_number = PlainColumn(verbose_name="Số thẻ", footer=count_footer)
    full_name = tables.Column(verbose_name="Họ và tên")
    unit = UnitColumn(verbose_name="CĐCS")
    sex = tables.Column(verbose_name="Giới tính")
    birth_year = PlainColumn(verbose_name="Năm sinh")
    joined_on = DateColumn(verbose_name="Ngày vào công đoàn")
    left_on = DateColumn(verbose_name="Ngày ra khỏi công đoàn")
    actions = ActionsColumn(url_prefix="members:")

    class Meta(ListTable.Meta):
        model = Member
        fields = ("card_number", "full_name", "unit", "sex", "birth_year", "joined_on", "left_on")
        sequence = (*fields, "actions")


class WorkforceTable(ListTable):
    year = PlainColumn(verbose_name="Năm", footer=count_footer)
    unit = UnitColumn(verbose_name="CĐCS")
    total_workers = IntColumn(verbose_name="Tổng số lao động")
    female_workers = IntColumn(verbose_name="Lao động nữ")
    with_contract = IntColumn(verbose_name="Có hợp đồng")
    with_social_insurance = IntColumn(verbose_name="Có BHXH")
    underemployed = IntColumn(verbose_name="Thiếu việc làm")
    average_income_vnd = IntColumn(verbose_name="Thu nhập bình quân (đồng)", total=False)
    wage_arrears_vnd = IntColumn(verbose_name="Nợ lương (đồng)")
    insurance_arrears_vnd = IntColumn(verbose_name="Nợ BHXH (đồng)")
    accidents = IntColumn(verbose_name="Vụ tai nạn lao động")
    accident_deaths = IntColumn(verbose_name="Người chết do TNLĐ")
    collective_disputes = IntColumn(verbose_name="Tranh chấp tập thể")
    actions = ActionsColumn(url_prefix="members:workforce_")

    class Meta(ListTable.Meta):
        model = Workforce
        fields = ("year", "unit", "total_workers", "female_workers", "with_contract", "with_social_insurance",
                  "underemployed", "average_income_vnd", "wage_arrears_vnd", "insurance_arrears_vnd", "accidents",
                  "accident_deaths", "collective_disputes")
        sequence = (*fields, "actions")


class ActivityTable(ListTable):
    year = PlainColumn(verbose_name="Năm", footer=count_footer)
    unit = UnitColumn(verbose_name="CĐCS")
    dialogues = IntColumn(verbose_name="Đối thoại")
    workers_conference = YesNoColumn(verbose_name="Hội nghị NLĐ", footer=total_footer)
    collective_agreement = YesNoColumn(verbose_name="Thỏa ước LĐTT", footer=total_footer)
    training_classes = IntColumn(verbose_name="Lớp tập huấn")
    trainees = IntColumn(verbose_name="Lượt người tập huấn")
    party_introduced = IntColumn(verbose_name="Giới thiệu cho Đảng")
    party_admitted = IntColumn(verbose_name="Được kết nạp Đảng")
    actions = ActionsColumn(url_prefix="members:activity_")

    class Meta(ListTable.Meta):
        model = Activity
        fields = ("year", "unit", "dialogues", "workers_conference", "collective_agreement", "training_classes",
                  "trainees", "party_introduced", "party_admitted")
        sequence = (*fields, "actions")
