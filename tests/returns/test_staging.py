"""Upload → preview → confirm parses the workbook once (issue 16): the confirmation imports the rows the preview
validated, and refuses when the staged file, the return or the year's indicators changed in between."""

from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from tests.returns.conftest import YEAR, as_file
from tests.returns.test_services import _snapshot
from unionreport.movements.models import Indicator
from unionreport.returns import services
from unionreport.returns.models import Return, ReturnVersion, UploadStaging
from unionreport.returns.services import return_import_file

pytestmark = pytest.mark.django_db
NOT_AGAIN = AssertionError("the confirmation parsed the workbook again")


def _preview(client, wb) -> str:
    response = client.post(reverse("returns:upload", args=[YEAR, "CDCS-A"]), {"file": as_file(wb)})
    assert response.status_code == 302
    return response.url


def _confirm_without_parsing(client, url):
    with mock.patch("unionreport.returns.excel.workbook.check_upload", side_effect=NOT_AGAIN), \
            mock.patch("unionreport.returns.excel.workbook.BoundedWorkbook", side_effect=NOT_AGAIN):
        return client.post(url)


def test_it_confirms_without_parsing_the_workbook_again(client, officer_a, filled, cdcs_a):
    with transaction.atomic():  # what a direct import of the same file writes, then rolled back
        assert return_import_file(actor=officer_a, path_or_file=as_file(filled())).imported
        direct = _snapshot(cdcs_a)
        transaction.set_rollback(True)
    client.force_login(officer_a)
    url = _preview(client, filled())
    assert UploadStaging.objects.get().rows["members"]  # the validated rows are kept with the staged file
    response = _confirm_without_parsing(client, url)
    assert response.status_code == 302
    assert _snapshot(cdcs_a) == direct  # dates, decimals, choices and the house's member as a direct import
    version = ReturnVersion.objects.get()
    assert version.number == 1 and version.summary["members"]["created"] == 3
    staging = UploadStaging.objects.get()
    assert staging.confirmed_at and staging.rows is None and not staging.file.storage.exists(staging.file.name)


def test_it_refuses_the_confirmation_when_the_return_changed_after_the_preview(client, officer_a, staff, filled,
                                                                             cdcs_a):
    client.force_login(officer_a)
    url = _preview(client, filled())
    other = filled(welfare=[[1, "01/02/2024", "Tết Nguyên đán", "Tặng quà", 130, "65.000.000",
                             "Tài chính công đoàn", "Quà Tết (sửa)"]])
    assert return_import_file(actor=staff, path_or_file=as_file(other)).imported  # someone else, meanwhile
    response = _confirm_without_parsing(client, url)
    page = client.get(response.url).content.decode()
    assert "Báo cáo đã thay đổi sau khi bạn xem trước tệp này (tải lên số liệu" in page
    assert "Hãy tải tệp lên lại" in page
    ret = Return.objects.get(unit=cdcs_a, year=YEAR)
    assert ret.current_version.number == 1 and ret.current_version.uploaded_by == staff
    assert UploadStaging.objects.get().confirmed_at is None


def test_it_refuses_the_confirmation_when_the_staged_file_changed(client, officer_a, filled, cdcs_a):
    client.force_login(officer_a)
    url = _preview(client, filled())
    staging = UploadStaging.objects.get()
    with staging.file.open("wb") as stream:
        stream.write(ContentFile(b"PK\x03\x04 something else").read())
    response = _confirm_without_parsing(client, url)
    assert "Tệp đã lưu để xem trước không còn như lúc kiểm tra" in client.get(response.url).content.decode()
    assert not ReturnVersion.objects.exists()


def test_it_refuses_the_confirmation_when_an_indicator_went_away(officer_a, filled, cdcs_a, movement):
    staging = services.staging_create(actor=officer_a, unit=cdcs_a, year=YEAR, upload=as_file(filled()))
    assert staging.ok
    Indicator.objects.filter(movement=movement, name="Giá trị làm lợi (đồng)").delete()
    result = services.staging_confirm(actor=officer_a, staging=staging)
    assert result.refused == ("Dữ liệu đã thay đổi sau khi bạn xem trước (phong trào thi đua hoặc chỉ tiêu của năm "
                              "đã được sửa). Hãy tải tệp lên lại.")
    assert not ReturnVersion.objects.exists()


def test_it_keeps_no_rows_for_a_file_with_errors(officer_a, filled, cdcs_a):
    bad = filled(members=[[1, "001234", "Nguyễn Thị Hoa", "Nữ", "1e400", "05/03/2015", None]])
    staging = services.staging_create(actor=officer_a, unit=cdcs_a, year=YEAR, upload=as_file(bad))
    assert not staging.ok and staging.rows is None
