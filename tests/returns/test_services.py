import datetime as dt
import hashlib
import io

import pytest

from tests.returns.conftest import YEAR, as_file
from unionreport.core.locks import lock_reason
from unionreport.houses.models import House
from unionreport.members.models import Activity, Member, Workforce
from unionreport.movements.models import MovementResult
from unionreport.returns import services, workflow
from unionreport.returns.excel.template import build_return_workbook, workbook_bytes
from unionreport.returns.models import Return, ReturnVersion
from unionreport.returns.services import return_import_file
from unionreport.welfare.models import Disbursement

pytestmark = pytest.mark.django_db


def _snapshot(unit):
    return {
        "members": sorted(Member.objects.filter(unit=unit).values_list(
            "card_number", "full_name", "sex", "birth_year", "joined_on", "left_on")),
        "welfare": sorted(Disbursement.objects.filter(unit=unit).values_list(
            "date", "occasion", "form", "person_times", "amount_vnd", "source", "description")),
        "houses": sorted(House.objects.filter(unit=unit).values_list(
            "member__card_number", "member_name", "kind", "total_support_vnd", "union_fund_vnd", "handover_date",
            "address")),
        "results": sorted(MovementResult.objects.filter(unit=unit).values_list("indicator__name", "value", "note")),
        "workforce": list(Workforce.objects.filter(unit=unit).values_list("total_workers", "average_income_vnd")),
        "activities": list(Activity.objects.filter(unit=unit).values_list("dialogues", "workers_conference",
                                                                            "party_admitted")),
    }


def test_it_imports_every_sheet_and_keeps_the_file(staff, filled, cdcs_a):
    data = workbook_bytes(filled())
    stream = io.BytesIO(data)
    stream.name = "Báo cáo 2024.xlsx"
    result = return_import_file(actor=staff, path_or_file=stream)
    assert result.ok and result.imported and result.version == 1
    snap = _snapshot(cdcs_a)
    assert len(snap["members"]) == 3 and len(snap["welfare"]) == 2 and len(snap["results"]) == 2
    assert snap["houses"][0][0] == "001236"
    assert snap["workforce"] == [(120, 8_500_000)] and snap["activities"] == [(2, True, 2)]
    version = ReturnVersion.objects.get()
    assert version.original_name == "Báo cáo 2024.xlsx" and version.uploaded_by == staff
    assert version.size == len(data) and version.sha256 == hashlib.sha256(data).hexdigest()
    assert version.file.read() == data
    assert version.batch.row_count == 8
    assert Member.objects.filter(batch=version.batch).count() == 3
    ret = Return.objects.get(unit=cdcs_a, year=YEAR)
    assert ret.current_version == version and ret.preparer_name == "Nguyễn Văn An"


def test_it_changes_nothing_when_the_same_file_is_imported_twice(staff, filled, cdcs_a):
    stream = as_file(filled())
    assert return_import_file(actor=staff, path_or_file=stream).imported
    before = _snapshot(cdcs_a)
    ids = sorted(Disbursement.objects.values_list("id", flat=True))
    again = return_import_file(actor=staff, path_or_file=stream)
    assert again.ok and again.unchanged and not again.imported
    assert _snapshot(cdcs_a) == before
    assert sorted(Disbursement.objects.values_list("id", flat=True)) == ids
    assert ReturnVersion.objects.count() == 1


def test_it_replaces_the_years_rows_and_upserts_the_roster(staff, filled, cdcs_a):
    assert return_import_file(actor=staff, path_or_file=as_file(filled())).ok
    wb = filled(members=[[1, "001234", "Nguyễn Thị Hoa Mai", "Nữ", 1990, "05/03/2015", None],
                         [2, "009999", "Phạm Văn Dũng", "Nam", 1995, "01/06/2024", None]],
                welfare=[[1, "01/09/2024", "Khác", "Khác", 3, 300_000, "Khác", ""]], houses=[])
    result = return_import_file(actor=staff, path_or_file=as_file(wb))
    assert result.ok and result.version == 2
    assert result.summary["members"] == {"created": 1, "updated": 1, "unchanged": 0, "missing": 2}
    members = {m.card_number: m.full_name for m in Member.objects.filter(unit=cdcs_a)}
    assert len(members) == 4 and members["001234"] == "Nguyễn Thị Hoa Mai"
    assert list(Disbursement.objects.values_list("amount_vnd", flat=True)) == [300_000]
    assert not House.objects.exists()


def test_it_leaves_the_previous_return_untouched_when_the_import_crashes(staff, filled, cdcs_a, monkeypatch):
    assert return_import_file(actor=staff, path_or_file=as_file(filled())).ok
    before = _snapshot(cdcs_a)

    def explode(**kwargs):
        raise RuntimeError("mất kết nối giữa chừng")

    monkeypatch.setattr(services, "houses_replace", explode)
    wb = filled(welfare=[[1, "01/09/2024", "Khác", "Khác", 3, 300_000, "Khác", ""]])
    with pytest.raises(RuntimeError):
        return_import_file(actor=staff, path_or_file=as_file(wb))
    assert _snapshot(cdcs_a) == before
    assert ReturnVersion.objects.count() == 1
    assert Return.objects.get(unit=cdcs_a).current_version.number == 1


def test_it_round_trips_an_export_to_identical_data(staff, filled, cdcs_a):
    assert return_import_file(actor=staff, path_or_file=as_file(filled())).ok
    before = _snapshot(cdcs_a)
    exported = build_return_workbook(unit=cdcs_a, year=YEAR, with_data=True)
    Disbursement.objects.all().delete()
    MovementResult.objects.all().delete()
    House.objects.all().delete()
    result = return_import_file(actor=staff, path_or_file=as_file(exported))
    assert result.ok and result.imported, result.lines()
    assert not result.warnings
    assert _snapshot(cdcs_a) == before


def test_it_writes_formula_like_text_as_text(staff, filled, cdcs_a):
    wb = filled(welfare=[[1, "01/09/2024", "Khác", "Khác", 3, 300_000, "Khác", "=HYPERLINK(\"x\")"]])
    wb["Chăm lo"]["H2"].data_type = "s"  # typed as text in Excel
    assert return_import_file(actor=staff, path_or_file=as_file(wb)).ok
    exported = build_return_workbook(unit=cdcs_a, year=YEAR, with_data=True)
    cell = exported["Chăm lo"]["H2"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


def test_it_prefills_the_template_with_the_unit_and_its_current_members(staff, filled, cdcs_a):
    assert return_import_file(actor=staff, path_or_file=as_file(filled())).ok
    Member.objects.filter(card_number="001235").update(left_on=dt.date(2023, 5, 1))
    wb = build_return_workbook(unit=cdcs_a, year=YEAR, with_data=False)
    assert wb["Thông tin"]["B1"].value == "CDCS-A" and wb["Thông tin"]["B2"].value == cdcs_a.name
    cards = [wb["Đoàn viên"].cell(row=r, column=2).value for r in range(2, 5)]
    assert cards == ["001234", "001236", None]
    assert wb["Danh mục"].sheet_state == "hidden"
    formulas = {dv.formula1 for dv in wb["Chăm lo"].data_validations.dataValidation}
    assert "'Danh mục'!$B$2:$B$7" in formulas
    assert wb["Đoàn viên"].freeze_panes == "A2"
    assert wb["Hướng dẫn"]["A1"].value.startswith("HƯỚNG DẪN")


def test_it_refuses_an_approved_return_saying_who_can_reopen_it(staff, filled, cdcs_a):
    assert return_import_file(actor=staff, path_or_file=as_file(filled())).ok
    Return.objects.filter(unit=cdcs_a).update(status=Return.Status.APPROVED_UPPER, approved_upper_by=staff)
    result = return_import_file(actor=staff, path_or_file=as_file(filled(welfare=[])))
    assert result.refused == ("Báo cáo năm 2024 đã được công đoàn cấp trên phê duyệt (canbo_tinh) nên chỉ được xem. "
                              "Muốn sửa, gửi yêu cầu mở lại (kèm lý do) để công đoàn cấp trên xem xét.")
    assert Disbursement.objects.count() == 2
    assert lock_reason(cdcs_a.pk, YEAR) == result.refused


def test_it_refuses_a_locked_year(staff, filled, cdcs_a):
    workflow.reporting_year_lock(actor=staff, year=YEAR)
    result = return_import_file(actor=staff, path_or_file=as_file(filled()))
    assert result.refused == ("Năm 2024 đã khóa sổ nên số liệu chỉ được xem. "
                              "Chỉ cán bộ LĐLĐ tỉnh mới mở khóa được năm báo cáo.")
    assert not Member.objects.exists()
    workflow.reporting_year_unlock(actor=staff, year=YEAR)
    assert return_import_file(actor=staff, path_or_file=as_file(filled())).imported


def test_it_checks_without_writing_in_a_dry_run(staff, filled):
    result = return_import_file(actor=staff, path_or_file=as_file(filled()), dry_run=True)
    assert result.ok and not result.imported
    assert result.summary["sheets"][0]["add"] == 3
    assert not Member.objects.exists() and not ReturnVersion.objects.exists()
