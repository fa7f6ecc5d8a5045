"""The return prints: every sheet one page wide (landscape where wide), its header row repeated, a footer with the
unit, year and page; `Thông tin` ends with the signature block; a year without movements says so on Thi đua."""

import datetime as dt

from tests.returns.conftest import YEAR, as_file
from unionreport.returns.excel import layout as L
from unionreport.returns.excel.template import NO_MOVEMENTS, SIGNATURE, build_return_workbook
from unionreport.returns.services import return_import_file


def test_it_sets_up_every_sheet_to_print(cdcs_a, movement):
    wb = build_return_workbook(unit=cdcs_a, year=YEAR, with_data=False)
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        setup = ws.page_setup
        assert (setup.fitToWidth, setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage) == (1, 0, True)
        assert str(setup.paperSize) == ws.PAPERSIZE_A4
        assert "CDCS-A" in ws.oddFooter.left.text and f"năm {YEAR}" in ws.oddFooter.center.text
        assert "&P" in ws.oddFooter.right.text
    for spec in L.DATA_SHEETS:
        assert wb[spec.title].print_title_rows == "$1:$1", spec.title
    assert wb["Đoàn viên"].page_setup.orientation == "landscape"
    assert wb["Chăm lo"].page_setup.orientation == "landscape"
    assert wb["Tình hình lao động"].page_setup.orientation == "portrait"


def test_it_ends_the_information_sheet_with_the_signature_block(cdcs_a, movement):
    ws = build_return_workbook(unit=cdcs_a, year=YEAR, with_data=True)["Thông tin"]
    texts = {cell.value: cell.coordinate for row in ws.iter_rows() for cell in row if cell.value}
    assert texts["NGƯỜI LẬP BIỂU"].startswith("B") and texts["TM. BAN CHẤP HÀNH"].startswith("C")
    assert "CHỦ TỊCH" in texts and "(ký tên, đóng dấu)" in texts
    signature_row = int(texts["NGƯỜI LẬP BIỂU"][1:])
    assert signature_row > len(L.INFO.fields)
    assert all(ws.cell(row=r, column=1).value is None for r in range(signature_row, ws.max_row + 1))
    assert ws.print_area == f"'Thông tin'!$A$1:$C${signature_row + len(SIGNATURE) + 4}"


def test_it_says_so_when_the_year_has_no_movements_and_still_imports(staff, cdcs_a, filled):
    wb = build_return_workbook(unit=cdcs_a, year=2025, with_data=False)
    ws = wb["Thi đua"]
    assert ws["A1"].value == NO_MOVEMENTS and ws["B2"].value == "Phong trào"
    assert not [dv for dv in ws.data_validations.dataValidation if "B" in str(dv.sqref)]
    assert ws.print_title_rows == "$2:$2"
    info = wb["Thông tin"]
    info["B4"], info["B5"], info["B6"] = "Nguyễn Văn An", "0912345678", dt.date(2025, 12, 2)
    for row, value in enumerate([100, 50, 90, 80, 0, 8_000_000, 0, 0, 0, 0, 0], start=1):
        wb["Tình hình lao động"].cell(row=row, column=2, value=value)
    for row in range(1, len(L.ACTIVITIES.fields) + 1):
        wb["Hoạt động khác"].cell(row=row, column=2, value="Không" if row in (2, 3) else 0)
    result = return_import_file(actor=staff, path_or_file=as_file(wb), dry_run=True)
    assert result.ok, [i.text() for i in result.errors]
    assert not [i.text() for i in result.warnings if "Thông tin" in i.text() or "Thi đua" in i.text()]


def test_it_compares_the_roster_with_the_members_of_the_reporting_year_only(cdcs_a):
    from unionreport.members.bulk import members_diff
    from unionreport.members.models import Member

    def member(card, joined, left=None):
        Member.objects.create(unit=cdcs_a, card_number=card, full_name=f"Đoàn viên {card}", sex="nam",
                              birth_year=1990, joined_on=joined, left_on=left)

    member("A1", dt.date(2015, 1, 1))
    member("A2", dt.date(2015, 1, 1), left=dt.date(2024, 6, 30))  # left during the year: in the year's roster
    for n in range(5):
        member(f"OLD{n}", dt.date(2010, 1, 1), left=dt.date(2022, 3, 1))  # left earlier: in no file
    rows = [{"card_number": "A1"}]
    assert members_diff(unit=cdcs_a, year=YEAR, rows=rows).missing == 1  # A2 only, not the five
    template = build_return_workbook(unit=cdcs_a, year=YEAR, with_data=False)["Đoàn viên"]
    assert [template.cell(row=r, column=2).value for r in (2, 3, 4)] == ["A1", "A2", None]
