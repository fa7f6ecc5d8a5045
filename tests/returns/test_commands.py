import io

import pytest
from django.core.management import CommandError, call_command

from tests.returns.conftest import YEAR
from unionreport.members.models import Member
from unionreport.returns.excel.template import workbook_bytes

pytestmark = pytest.mark.django_db


def test_it_writes_the_template_and_the_export(tmp_path, filled, staff, cdcs_a):
    out = tmp_path / "mau.xlsx"
    call_command("return_template", unit="CDCS-A", year=YEAR, output=str(out), stdout=io.StringIO())
    assert out.read_bytes().startswith(b"PK")
    good = tmp_path / "a.xlsx"
    good.write_bytes(workbook_bytes(filled()))
    call_command("import_returns", str(good), stdout=io.StringIO())
    exported = tmp_path / "xuat.xlsx"
    call_command("export_return", unit="CDCS-A", year=YEAR, output=str(exported), stdout=io.StringIO())
    stdout = io.StringIO()
    call_command("import_returns", str(exported), "--dry-run", stdout=stdout)
    assert "CDCS-A năm 2024: hợp lệ (chạy thử, không ghi)" in stdout.getvalue()


def test_it_imports_a_folder_and_exits_1_when_a_file_has_errors(tmp_path, filled, cdcs_b):
    folder = tmp_path / "nop"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(workbook_bytes(filled()))
    bad = filled(cdcs_b)
    bad["Chăm lo"]["F3"] = "1,5"
    (folder / "b.xlsx").write_bytes(workbook_bytes(bad))
    (folder / "c.xlsx").write_bytes(b"Ma,Ten\n")
    stdout = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_returns", str(folder), stdout=stdout)
    assert caught.value.returncode == 1
    text = stdout.getvalue()
    assert f"{folder / 'b.xlsx'}: Chăm lo!F3 (Số tiền (đồng)): “1,5” không phải số nguyên." in text
    assert f"{folder / 'c.xlsx'}: Tệp là văn bản (CSV hoặc TXT)" in text
    assert "Tổng: 3 tệp, 1 hợp lệ, 2 có lỗi." in text
    assert Member.objects.filter(unit__code="CDCS-A").count() == 3
    assert not Member.objects.filter(unit=cdcs_b).exists()
