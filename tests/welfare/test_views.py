import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from unionreport.welfare.models import Disbursement

LIST = "/cham-lo/"


def post_data(unit, **kw):
    data = {"unit": unit.pk, "date": "20/01/2024", "occasion": "tet", "form": "gift", "person_times": "3",
            "amount_vnd": "1.500.000", "source": "union_funds", "description": "Quà Tết"}
    return data | kw


def test_it_names_the_list_url():
    assert reverse("welfare:list") == LIST


def test_it_creates_a_disbursement_with_a_vietnamese_amount(client, officer_a, cdcs_a):
    client.force_login(officer_a)
    response = client.post(reverse("welfare:create"), post_data(cdcs_a))
    assert response.status_code == 302
    row = Disbursement.objects.get()
    assert (row.amount_vnd, row.person_times, row.unit) == (1_500_000, 3, cdcs_a)
    assert row.history.get().history_user == officer_a


@pytest.mark.parametrize(("field", "value", "message"), [
    ("amount_vnd", "1,5", "không hợp lệ"),
    ("amount_vnd", "-5", "không âm"),
    ("person_times", "0", "Số lượt đoàn viên phải từ 1 trở lên."),
    ("date", "32/01/2024", "Ngày không hợp lệ"),
    ("occasion", "", "bắt buộc"),
])
def test_it_refuses_bad_input_and_changes_nothing(client, officer_a, cdcs_a, field, value, message):
    client.force_login(officer_a)
    response = client.post(reverse("welfare:create"), post_data(cdcs_a, **{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Disbursement.objects.exists()


def test_it_refuses_a_unit_the_officer_cannot_see(client, officer_a, cdcs_a, cdcs_b):
    client.force_login(officer_a)
    response = client.post(reverse("welfare:create"), post_data(cdcs_b))
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not Disbursement.objects.exists()


def test_it_lists_with_a_totals_row_over_all_filtered_rows(client, staff, cdcs_a, cdcs_b, rows):
    rows.disbursement(cdcs_a, amount_vnd=1_500_000, person_times=3)
    rows.disbursement(cdcs_b, amount_vnd=2_000_000, person_times=4)
    client.force_login(staff)
    html = client.get(LIST).content.decode()
    assert "3.500.000" in html and "Tổng cộng năm 2024 (2 dòng)" in html


def test_it_exports_exactly_the_filtered_rows_as_csv(client, staff, cdcs_a, cdcs_b, district_a, rows):
    rows.disbursement(cdcs_a, description="=1+1")
    rows.disbursement(cdcs_b, description="B")
    client.force_login(staff)
    response = client.get(LIST, {"unit": district_a.pk, "year": 2024, "export": "csv"})
    lines = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert len(lines) == 2
    assert lines[1][-1] == "'=1+1"


def test_it_exports_formula_like_text_as_a_string_cell(client, staff, cdcs_a, rows):
    rows.disbursement(cdcs_a, description="=1+1")
    client.force_login(staff)
    response = client.get(LIST, {"export": "xlsx"})
    ws = load_workbook(io.BytesIO(response.getvalue())).active
    cell = ws.cell(row=2, column=ws.max_column)
    assert cell.value == "=1+1" and cell.data_type == "s"
    assert ws.max_row == 2
