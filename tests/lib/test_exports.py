"""Exports of every list: exactly the filtered and sorted rows; formula-like text stays text."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.members import factories
from tests.members.factories import PROVINCE_KINDS, UNIT_KINDS, make
from unionreport.lib.exports import csv_safe, is_formula_like

TEXT_FIELD = {"members:": "full_name", "members:workforce_": None, "members:activity_": None,
              "welfare:": "description", "houses:": "address", "movements:result_": "note",
              "movements:movement_": "name", "movements:indicator_": "name", "reports:target_": "name",
              "movements:directive_": "title", "movements:theme_": "theme"}


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.getvalue())).active


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)"])
def test_it_marks_formula_like_text(value):
    assert is_formula_like(value) and csv_safe(value) == "'" + value


@pytest.mark.parametrize("prefix", [p for p, f in TEXT_FIELD.items() if f])
def test_it_exports_formula_like_text_as_text(client, staff, cdcs_a, db, prefix):
    make(prefix, cdcs_a, **{TEXT_FIELD[prefix]: "=1+1"})
    client.force_login(staff)
    url = reverse(prefix + "list")
    assert "'=1+1" in [cell for row in read_csv(client.get(url, {"export": "csv"})) for cell in row]
    ws = read_xlsx(client.get(url, {"export": "xlsx"}))
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if c.value == "=1+1"]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("prefix", list(UNIT_KINDS))
def test_it_exports_exactly_the_filtered_rows(client, staff, district_a, cdcs_a, cdcs_b, db, prefix):
    for _ in range(3):
        make(prefix, cdcs_a)
    make(prefix, cdcs_b)
    client.force_login(staff)
    url = reverse(prefix + "list")
    lines = read_csv(client.get(url, {"unit": district_a.pk, "export": "csv", "year": "tat-ca"}))
    assert len(lines) == 1 + 3
    assert "" not in lines[0]  # the actions column is left out
    ws = read_xlsx(client.get(url, {"unit": district_a.pk, "export": "xlsx", "year": "tat-ca"}))
    assert ws.max_row == 1 + 3
    assert [c.value for c in ws[1]] == lines[0]


@pytest.mark.parametrize("prefix", list(PROVINCE_KINDS))
def test_it_exports_the_provinces_lists_filtered_by_year(client, officer_a, db, prefix):
    for year in (2023, 2024):
        if prefix == "movements:indicator_":
            factories.indicator(factories.movement(year=year))
        else:
            make(prefix, year=year)
    client.force_login(officer_a)
    lines = read_csv(client.get(reverse(prefix + "list"), {"year": 2023, "export": "csv"}))
    assert len(lines) == 2


def test_it_exports_sorted_rows_with_numbers_and_dates_as_values(client, staff, cdcs_a, rows):
    import datetime as dt

    rows.disbursement(cdcs_a, amount_vnd=300, date=dt.date(2024, 3, 1))
    rows.disbursement(cdcs_a, amount_vnd=100, date=dt.date(2024, 1, 1))
    rows.disbursement(cdcs_a, amount_vnd=200, date=dt.date(2024, 2, 1))
    client.force_login(staff)
    ws = read_xlsx(client.get(reverse("welfare:list"), {"sort": "amount_vnd", "export": "xlsx"}))
    headers = [c.value for c in ws[1]]
    amounts = [row[headers.index("Số tiền (đồng)")].value for row in ws.iter_rows(min_row=2)]
    assert amounts == [100, 200, 300]
    assert ws.cell(row=2, column=1).value == dt.datetime(2024, 1, 1)
    lines = read_csv(client.get(reverse("welfare:list"), {"sort": "-amount_vnd", "export": "csv"}))
    assert [line[headers.index("Số tiền (đồng)")] for line in lines[1:]] == ["300", "200", "100"]
    assert lines[1][0] == "01/03/2024"


@pytest.fixture
def rows(db):
    return factories


def test_it_groups_money_but_not_years_in_excel(client, staff, cdcs_a, rows):
    import datetime as dt

    rows.disbursement(cdcs_a, amount_vnd=1_500_000, date=dt.date(2024, 3, 1))
    rows.member(cdcs_a, birth_year=1985)
    client.force_login(staff)
    ws = read_xlsx(client.get(reverse("welfare:list"), {"export": "xlsx"}))
    headers = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=headers.index("Số tiền (đồng)") + 1).number_format == "#,##0"
    ws = read_xlsx(client.get(reverse("members:list"), {"export": "xlsx"}))
    headers = [c.value for c in ws[1]]
    birth_year = ws.cell(row=2, column=headers.index("Năm sinh") + 1)
    assert (birth_year.value, birth_year.number_format) == (1985, "General")


def test_it_writes_aware_times_in_vietnam_time():
    import datetime as dt

    from unionreport.lib.exports import _xlsx_value
    from unionreport.lib.formatting import format_date

    utc_evening = dt.datetime(2025, 12, 10, 20, 0, tzinfo=dt.UTC)  # 03:00 on 11/12 in Việt Nam
    assert _xlsx_value(utc_evening) == dt.datetime(2025, 12, 11, 3, 0)
    assert format_date(utc_evening) == "11/12/2025"


@pytest.mark.parametrize("value", [";=1+1", " =1", "\t=1", "\r=1", "Quà;=HYPERLINK(\"x\")", "a, +1", "a\t@SUM(A1)",
                                   "  -2+3"])
def test_it_prefixes_formula_text_behind_a_separator_or_white_space(value):
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Nguyễn Văn A", "Quà Tết 2024", "CS-0096", "a-b", "1.500.000", "x = y", ""])
def test_it_leaves_ordinary_text_alone(value):
    assert csv_safe(value) == value


def test_it_quotes_every_text_cell_of_a_csv(client, staff, cdcs_a, rows):
    rows.disbursement(cdcs_a, description=";=1+1", amount_vnd=1_500_000)
    client.force_login(staff)
    text = client.get(reverse("welfare:list"), {"export": "csv"}).getvalue().decode("utf-8-sig")
    # Excel in Vietnamese splits unquoted lines at ";": quoted and prefixed, the cell stays one text cell.
    assert "\"';=1+1\"" in text
    assert ",1500000," in text  # numbers stay numbers
    assert [row[-1] for row in csv.reader(io.StringIO(text))][1] == "';=1+1"


def test_it_streams_exports_from_a_temporary_file(client, staff, cdcs_a, rows):
    rows.member(cdcs_a, full_name="Lê\x01 Văn\x1f Tâm")  # control characters: not allowed in a worksheet
    client.force_login(staff)
    response = client.get(reverse("members:list"), {"export": "xlsx"})
    assert response.streaming and response["Content-Disposition"] == 'attachment; filename="members-list.xlsx"'
    ws = read_xlsx(response)
    assert [c.value for c in ws[2]][1] == "Lê Văn Tâm"
    assert ws.freeze_panes == "A2" and ws["A1"].font.b
    assert client.get(reverse("members:list"), {"export": "csv"}).streaming


@pytest.mark.parametrize("prefix", [*UNIT_KINDS, *PROVINCE_KINDS])
def test_it_exports_the_values_django_tables2_gives(staff, cdcs_a, db, prefix):
    """The export reads model fields directly (once per column what django-tables2 works out per cell): the same
    values, choice labels and empty cells as `BoundRow.get_cell_value`, for every list."""
    from django.urls import resolve

    from unionreport.lib.exports import table_values

    for _ in range(2):
        make(prefix, cdcs_a)
    kind = resolve(reverse(prefix + "list")).kwargs["kind"]
    table = kind.table_class(kind.selector(staff))
    columns = [c for c in table.columns if c.name not in table.Meta.exclude_from_export]
    expected = [[row.get_cell_value(c.name) for c in columns] for row in table.rows]
    assert expected and list(table_values(table, columns)) == expected


def test_it_says_where_an_excel_sheet_ends(monkeypatch):
    """Excel holds 1.048.576 rows a sheet: the last one says the rest is missing instead of losing it silently."""
    from unionreport.lib import exports

    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 4)
    response = exports.xlsx_response("x", ["Số"], ([i] for i in range(10)))
    ws = load_workbook(io.BytesIO(response.getvalue())).active
    assert [row[0] for row in ws.iter_rows(values_only=True)] == ["Số", 0, 1, exports.TOO_MANY_ROWS]
