"""Faults: the database connection dropping mid-import, and a full disk for uploaded files."""

import datetime as dt
import errno
import time
from unittest import mock

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Sum
from django.template.loader import render_to_string

from tests.production import views
from unionreport.core.middleware import DB_UNAVAILABLE_MESSAGE, db_unavailable_response
from unionreport.core.storage import DISK_FULL_MESSAGE, SafeFileSystemStorage, UploadStorageError, save_upload
from unionreport.welfare.models import Disbursement, Form, Occasion, Source


def _earlier_return(unit):
    for amount in (5_000_000, 7_500_000):
        Disbursement.objects.create(unit=unit, date=dt.date(2024, 1, 20), occasion=Occasion.TET, form=Form.GIFT,
                                    person_times=25, amount_vnd=amount, source=Source.UNION_FUNDS)


def _welfare_of(unit):
    rows = Disbursement.objects.filter(unit=unit)
    return rows.count(), rows.aggregate(total=Sum("amount_vnd"))["total"]


def _terminate_own_backend():
    """From a second connection, kill the backend that serves this request, and wait until it is gone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as killer:
        assert killer.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
        for _ in range(50):
            if not killer.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                break
            time.sleep(0.1)


@pytest.mark.postgres
@pytest.mark.urls("tests.production.urls")
@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_earlier_return_when_the_connection_drops_mid_import(
        client, staff, cdcs_a, with_db_unavailable_middleware):
    _earlier_return(cdcs_a)
    client.force_login(staff)
    views.MIDWAY["hook"] = _terminate_own_backend
    try:
        response = client.post(f"/fault/import/{cdcs_a.code}/")
    finally:
        views.MIDWAY["hook"] = None
        connection.close()  # the test client keeps the dead connection; a real server closes it after the request
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert DB_UNAVAILABLE_MESSAGE in response.content.decode()
    assert _welfare_of(cdcs_a) == (2, 12_500_000)


@pytest.mark.postgres
@pytest.mark.urls("tests.production.urls")
@pytest.mark.django_db(transaction=True)
def test_it_imports_normally_when_the_connection_holds(client, staff, cdcs_a, with_db_unavailable_middleware):
    _earlier_return(cdcs_a)
    client.force_login(staff)
    assert client.post(f"/fault/import/{cdcs_a.code}/").status_code == 200
    assert _welfare_of(cdcs_a) == (3, 27_000_000)


@pytest.mark.django_db
@pytest.mark.urls("tests.production.urls")
def test_it_shows_the_vietnamese_try_again_page_on_a_database_error(client, staff, with_db_unavailable_middleware):
    client.force_login(staff)
    response = client.get("/fault/boom/")
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
    assert "Về trang chủ" in render_to_string("core/db_unavailable.html", {"message": "x"})


class _DiskFills(ContentFile):
    """Content whose second chunk hits a full disk, as a real write() would."""

    def chunks(self, chunk_size=None):
        yield b"PK\x03\x04 first part of the workbook"
        raise OSError(errno.ENOSPC, "No space left on device")


def _files_under(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_it_refuses_an_upload_cleanly_when_the_disk_is_full(settings):
    storage = SafeFileSystemStorage(location=settings.MEDIA_ROOT)
    with pytest.raises(UploadStorageError) as caught:
        save_upload(name="returns/CDCS-A/2024/bao-cao.xlsx", content=_DiskFills(b"", name="bao-cao.xlsx"),
                    storage=storage)
    assert caught.value.messages == [DISK_FULL_MESSAGE]
    assert caught.value.code == "disk_full"
    assert _files_under(settings.MEDIA_ROOT) == []  # the half-written file was removed


def test_it_refuses_an_upload_when_any_storage_save_fails(settings):
    storage = SafeFileSystemStorage(location=settings.MEDIA_ROOT)
    with mock.patch.object(storage, "save", side_effect=OSError(errno.ENOSPC, "No space left on device")), \
            pytest.raises(UploadStorageError, match="hết chỗ lưu tệp"):
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
