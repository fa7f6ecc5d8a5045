"""Data-quality warnings: written once (returns.quality.checks), the same from an upload (with sheet, row and
column) and from the stored rows; explained on submit; thresholds per year; the data_quality command."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.returns.conftest import YEAR, as_file
from tests.returns.quality_data import outlier_welfare, store_last_year
from unionreport.returns import services, workflow
from unionreport.returns.models import QualityWarning, Return
from unionreport.returns.quality.checks import DEFAULTS, run_checks
from unionreport.returns.quality.facts import Duplicate, HouseFact, ReturnFacts, Welfare, facts_from_stored
from unionreport.returns.workflow import ReturnError

pytestmark = pytest.mark.django_db
OPENED = dt.date(2015, 1, 1)


def _codes(facts):
    return [f.code for f in run_checks(facts, DEFAULTS)]


def _facts(**values):
    base = {"unit_id": 1, "year": YEAR, "opened": OPENED, "members_end": 100, "members_prev": 95,
            "joined_before_year": 90, "welfare_by_occasion": {"tet": Welfare(100, 30_000_000)},
            "workforce": {"total_workers": 120, "average_income_vnd": 8_000_000},
            "workforce_prev": {"total_workers": 110, "average_income_vnd": 7_500_000},
            "welfare_groups": {"person_times": 100, "amount_vnd": 30_000_000},
            "welfare_groups_prev": {"person_times": 90, "amount_vnd": 25_000_000}}
    return ReturnFacts(**(base | values))


def test_it_finds_nothing_in_an_ordinary_return():
    assert _codes(_facts()) == []


@pytest.mark.parametrize(("values", "code", "words"), [
    ({"members_end": 140}, "DV_THAY_DOI", "+47,4%"),
    ({"members_end": 60}, "DV_THAY_DOI", "-36,8%"),
    ({"joined_before_year": 0}, "DV_NGAY_VAO", "không ai vào trước năm 2024"),
    ({"welfare_by_occasion": {"tet": Welfare(100, 4_000_000, [3, 7])}}, "CL_TIEN_MOI_LUOT",
     "bình quân 40.000 đồng một lượt, ngoài khoảng 50.000–5.000.000 đồng"),
    ({"welfare_by_occasion": {"tet": Welfare(1300, 300_000_000)}}, "CL_LUOT_TREN_DV", "1.300 lượt"),
    ({"workforce": {"total_workers": 200, "average_income_vnd": 8_000_000}}, "LD_SO_LAO_DONG", "+81,8%"),
    ({"workforce": {"total_workers": 120, "average_income_vnd": 1_500_000}}, "LD_THU_NHAP_NGOAI_KHOANG",
     "1.500.000 đồng/người/tháng"),
    ({"houses": [HouseFact("Lê Văn Cường", dt.date(2024, 8, 20), 150_000_000, 2)]}, "MA_KINH_PHI",
     "150.000.000 đồng, ngoài khoảng 20.000.000–100.000.000"),
    ({"welfare_duplicates": [Duplicate(dt.date(2024, 2, 1), "tet", 1_000_000, 2, (3, 4))]}, "CL_TRUNG",
     "cùng ngày 01/02/2024"),
    ({"welfare_groups_prev": {"person_times": 100, "amount_vnd": 30_000_000},
      "workforce_prev": {"total_workers": 120, "average_income_vnd": 8_000_000}}, "GIONG_NAM_TRUOC", "giống hệt"),
    ({"welfare_groups_prev": {"person_times": 90, "amount_vnd": 1_000_000}}, "CL_TIEN_NAM_TRUOC", "30,0 lần"),
])
def test_it_names_the_value_and_the_expectation(values, code, words):
    findings = [f for f in run_checks(_facts(**values), DEFAULTS) if f.code == code]
    assert findings, _codes(_facts(**values))
    assert words in findings[0].message


def test_it_uses_the_years_thresholds():
    facts = _facts(members_end=125)  # +31,6%
    assert "DV_THAY_DOI" in _codes(facts)
    assert "DV_THAY_DOI" not in [f.code for f in run_checks(facts, DEFAULTS | {"members_change_pct": 40})]


def test_it_shows_a_planted_outlier_in_the_preview_with_its_cell(client, officer_a, filled, cdcs_a):
    store_last_year(cdcs_a)
    client.force_login(officer_a)
    response = client.post(reverse("returns:upload", args=[YEAR, "CDCS-A"]),
                           {"file": as_file(filled(welfare=outlier_welfare()))})
    html = client.get(response.url).content.decode()
    assert "Tệp hợp lệ" in html and "Xác nhận nhập" in html  # warnings never refuse the file
    assert 'data-code="CL_TIEN_NAM_TRUOC"' in html and 'data-code="CL_TIEN_MOI_LUOT"' in html
    assert "bình quân 10.000.000 đồng một lượt" in html
    assert "<strong>F</strong> (Số tiền (đồng))" in html and "(dòng 2)" in html


def test_it_finds_the_same_warnings_in_the_upload_and_in_the_stored_rows(staff, filled, cdcs_a):
    store_last_year(cdcs_a)
    result = services.return_import_file(actor=staff, path_or_file=as_file(filled(welfare=outlier_welfare())))
    assert result.imported, result.lines()
    from_upload = {f.key for f in result.quality}
    facts = facts_from_stored([cdcs_a.pk], YEAR)[cdcs_a.pk]
    assert {f.key for f in run_checks(facts, DEFAULTS)} == from_upload
    assert {"CL_TIEN_NAM_TRUOC", "CL_TIEN_MOI_LUOT:tet"} <= from_upload
    assert "bằng 20,0 lần năm 2023" in next(f.message for f in result.quality if f.code == "CL_TIEN_NAM_TRUOC")
    kept = QualityWarning.objects.get(unit=cdcs_a, year=YEAR, code="CL_TIEN_MOI_LUOT")
    assert (kept.sheet, kept.row, kept.column) == ("Chăm lo", 2, "F")


def test_it_requires_an_explanation_of_each_warning_to_submit(client, staff, officer_a, filled, cdcs_a):
    store_last_year(cdcs_a)
    assert services.return_import_file(actor=staff, path_or_file=as_file(filled(welfare=outlier_welfare()))).imported
    ret = Return.objects.get(unit=cdcs_a, year=YEAR)
    keys = list(QualityWarning.objects.filter(unit=cdcs_a).values_list("key", flat=True))
    with pytest.raises(ReturnError, match="chưa có giải trình"):
        workflow.return_submit(actor=officer_a, unit=cdcs_a, year=YEAR, explanations={keys[0]: "Quà Tết lớn"})
    assert Return.objects.get(pk=ret.pk).status == Return.Status.DRAFT
    assert not QualityWarning.objects.exclude(explanation="").exists()  # nothing changed

    client.force_login(officer_a)
    url = reverse("review:submit", args=[YEAR, "CDCS-A"])
    page = client.post(url, {"version": ret.version, "explain_key_1": keys[0], "explain_text_1": "Quà Tết lớn"})
    assert page.status_code == 400 and "chưa có giải trình" in page.content.decode()
    assert "Quà Tết lớn" in page.content.decode()  # what was typed is still there
    data = {"version": ret.version} | {f"explain_key_{i}": k for i, k in enumerate(keys)} \
        | {f"explain_text_{i}": f"Giải trình {i}: năm nay doanh nghiệp hỗ trợ thêm" for i in range(len(keys))}
    assert client.post(url, data).status_code == 302
    assert Return.objects.get(pk=ret.pk).status == Return.Status.SUBMITTED
    assert QualityWarning.objects.filter(unit=cdcs_a, explanation="").count() == 0
    assert QualityWarning.objects.filter(explained_by=officer_a).count() == len(keys)


def test_it_lets_staff_change_the_thresholds_of_a_year_and_rechecks(client, staff, upper_officer_a, filled, cdcs_a):
    store_last_year(cdcs_a)
    assert services.return_import_file(actor=staff, path_or_file=as_file(filled(welfare=outlier_welfare()))).imported
    assert QualityWarning.objects.filter(code="CL_TIEN_NAM_TRUOC").exists()
    url = reverse("review:thresholds", args=[YEAR])
    client.force_login(upper_officer_a)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    values = DEFAULTS | {"welfare_change_factor": 50, "welfare_per_luot_max": 20_000_000}
    bad = client.post(url, values | {"house_min": 200_000_000})
    assert "Mức tối đa phải lớn hơn hoặc bằng mức tối thiểu." in bad.content.decode()
    done = client.post(url, values, follow=True)
    assert "kiểm tra lại 1 báo cáo" in done.content.decode()
    assert not QualityWarning.objects.filter(code__in=["CL_TIEN_NAM_TRUOC", "CL_TIEN_MOI_LUOT"]).exists()


def test_it_prints_every_warning_with_the_data_quality_command(staff, filled, cdcs_a, district_b):
    store_last_year(cdcs_a)
    assert services.return_import_file(actor=staff, path_or_file=as_file(filled(welfare=outlier_welfare()))).imported
    out = io.StringIO()
    call_command("data_quality", "--year", str(YEAR), stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("CDCS-A\tCL_TIEN_NAM_TRUOC\tTổng tiền chăm lo năm 2024") for line in lines), lines
    assert lines[-1].startswith("Tổng cộng: ") and "ở 1 CĐCS" in lines[-1]
    assert all(line.count("\t") == 2 for line in lines[:-1])
    other = io.StringIO()
    call_command("data_quality", "--year", str(YEAR), "--unit", "GV", stdout=other)
    assert other.getvalue().startswith("Tổng cộng: 0 cảnh báo")
