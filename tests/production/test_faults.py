"""Faults: the database connection dropping mid-import, and a full disk for uploaded files.

The import tests go through the real returns pages: upload → preview → confirm.
"""

import errno
import time
from unittest import mock

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.db.models import Sum
from django.urls import reverse

from tests.returns.conftest import YEAR, as_file, filled, movement  # noqa: F401 - the returns cast's workbook
from unionreport.core.middleware import DB_UNAVAILABLE_MESSAGE, db_unavailable_response
from unionreport.core.storage import DISK_FULL_MESSAGE, SafeFileSystemStorage, UploadStorageError, save_upload
from unionreport.returns import services as return_services
from unionreport.returns.models import Return, ReturnVersion, UploadStaging
from unionreport.welfare.models import Disbursement

ENOSPC = OSError(errno.ENOSPC, "No space left on device")


def _files_under(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _upload(client, wb, unit_code="CDCS-A"):
    return client.post(reverse("returns:upload", args=[YEAR, unit_code]), {"file": as_file(wb)})


def _import(client, wb):
    """Upload and confirm, as a person would; returns the confirm response."""
    preview_url = _upload(client, wb).url
    return client.post(preview_url)


def _welfare_of(unit):
    rows = Disbursement.objects.filter(unit=unit, date__year=YEAR)
    return rows.count(), rows.aggregate(total=Sum("amount_vnd"))["total"]


# --- the database connection drops in the middle of an import ---------------------------------------------------
def _terminate_own_backend():
    """From a second connection, kill the backend serving this request and wait until it is gone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = {k: v for k, v in connection.get_connection_params().items()
              if k not in ("cursor_factory", "context", "prepare_threshold")}
    with psycopg.connect(**params, autocommit=True) as killer:
        assert killer.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
        for _ in range(50):
            if not killer.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                break
            time.sleep(0.1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_earlier_return_when_the_connection_drops_mid_import(
        client, officer_a, cdcs_a, filled, with_fault_middleware):  # noqa: F811
    client.force_login(officer_a)
    assert _import(client, filled()).status_code == 302
    earlier = _welfare_of(cdcs_a)
    assert earlier == (2, 75_000_000)

    corrected = filled(welfare=[[1, "01/02/2024", "Tết Nguyên đán", "Tặng quà", 130, "65.000.000",
                                 "Tài chính công đoàn", "Quà Tết (sửa)"]])
    preview_url = _upload(client, corrected).url
    real_replace = return_services.disbursements_replace

    def replace_then_lose_the_connection(**kwargs):
        real_replace(**kwargs)  # the earlier rows are deleted inside the import's transaction...
        _terminate_own_backend()  # ...then the database connection drops

    with mock.patch.object(return_services, "disbursements_replace", replace_then_lose_the_connection):
        try:
            response = client.post(preview_url)
        finally:
            connection.close()  # the test client keeps the dead connection; a real server drops it after the request
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert DB_UNAVAILABLE_MESSAGE in response.content.decode()
    assert _welfare_of(cdcs_a) == earlier
    ret = Return.objects.get(unit=cdcs_a, year=YEAR)
    assert ret.current_version.number == 1
    assert ReturnVersion.objects.filter(return_obj=ret).count() == 1
    # Trying again works.
    client.force_login(officer_a)
    assert client.post(_upload(client, corrected).url).status_code == 302
    assert _welfare_of(cdcs_a) == (1, 65_000_000)


@pytest.mark.django_db
@pytest.mark.urls("tests.production.urls")
def test_it_shows_the_vietnamese_try_again_page_on_a_database_error(client, staff, with_fault_middleware):
    client.force_login(staff)
    response = client.get("/fault/db-gone/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Mất kết nối cơ sở dữ liệu, dữ liệu chưa bị thay đổi. Vui lòng thử lại." in page
    assert 'lang="vi"' in page
    assert "style=" not in page and "<script" not in page  # CSP: no inline style or script


@pytest.mark.django_db
def test_it_renders_the_try_again_page_without_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = db_unavailable_response()
    assert response.status_code == 503
    assert "Về trang chủ" in response.content.decode()


# --- a full disk for uploaded files ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_it_refuses_an_upload_cleanly_when_the_media_disk_is_full(
        client, officer_a, cdcs_a, filled, settings, with_fault_middleware):  # noqa: F811
    client.force_login(officer_a)
    with mock.patch.object(FileSystemStorage, "save", side_effect=ENOSPC):
        response = _upload(client, filled())
    assert response.status_code == 507
    assert DISK_FULL_MESSAGE in response.content.decode()
    assert not UploadStaging.objects.exists()
    assert not Return.objects.filter(unit=cdcs_a).exclude(current_version=None).exists()
    assert _files_under(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
def test_it_refuses_the_confirmation_cleanly_when_the_media_disk_fills_meanwhile(
        client, officer_a, cdcs_a, filled, settings, with_fault_middleware):  # noqa: F811
    client.force_login(officer_a)
    preview_url = _upload(client, filled()).url
    staged = _files_under(settings.MEDIA_ROOT)
    with mock.patch.object(FileSystemStorage, "save", side_effect=ENOSPC):
        response = client.post(preview_url)
    assert response.status_code == 507
    assert DISK_FULL_MESSAGE in response.content.decode()
    assert not ReturnVersion.objects.exists()
    assert _welfare_of(cdcs_a) == (0, None)
    assert _files_under(settings.MEDIA_ROOT) == staged  # only the staged upload, nothing half-written


@pytest.mark.django_db
@pytest.mark.urls("tests.production.urls")
def test_it_answers_507_for_a_full_disk_anywhere(client, staff, with_fault_middleware):
    client.force_login(staff)
    response = client.get("/fault/disk-full/")
    assert response.status_code == 507
    assert DISK_FULL_MESSAGE in response.content.decode()


class _DiskFills(ContentFile):
    """Content whose second chunk hits a full disk, as a real write() would."""

    def chunks(self, chunk_size=None):
        yield b"PK\x03\x04 first part of the workbook"
        raise OSError(errno.ENOSPC, "No space left on device")


def test_it_removes_the_half_written_file_when_the_disk_fills(settings):
    storage = SafeFileSystemStorage(location=settings.MEDIA_ROOT)
    with pytest.raises(UploadStorageError) as caught:
        save_upload(name="returns/CDCS-A/2024/bao-cao.xlsx", content=_DiskFills(b"", name="bao-cao.xlsx"),
                    storage=storage)
    assert caught.value.messages == [DISK_FULL_MESSAGE]
    assert caught.value.code == "disk_full"
    assert _files_under(settings.MEDIA_ROOT) == []


def test_it_converts_any_storage_save_failure(settings):
    storage = SafeFileSystemStorage(location=settings.MEDIA_ROOT)
    with mock.patch.object(storage, "save", side_effect=ENOSPC), pytest.raises(UploadStorageError, match="hết chỗ"):
        save_upload(name="returns/a.xlsx", content=ContentFile(b"x", name="a.xlsx"), storage=storage)
    assert _files_under(settings.MEDIA_ROOT) == []


def test_it_says_write_failed_for_other_disk_errors(settings):
    storage = SafeFileSystemStorage(location=settings.MEDIA_ROOT)
    with mock.patch("django.core.files.storage.filesystem.os.open", side_effect=PermissionError(errno.EACCES, "x")), \
            pytest.raises(UploadStorageError, match="không ghi được tệp"):
        storage.save("returns/a.xlsx", ContentFile(b"x", name="a.xlsx"))


def test_it_keeps_saving_normally(settings):
    storage = SafeFileSystemStorage(location=settings.MEDIA_ROOT)
    name = save_upload(name="returns/a.xlsx", content=ContentFile(b"abc", name="a.xlsx"), storage=storage)
    assert (settings.MEDIA_ROOT / name).read_bytes() == b"abc"
