"""Saving uploaded files without leaving half-written files behind when the disk is full.

A full disk (ENOSPC), an exhausted quota (EDQUOT) or a read-only media folder must refuse
an upload cleanly: a Vietnamese message for the user, no partial file in MEDIA_ROOT, and
no database row pointing at a missing file. Callers save the file *before* writing rows,
inside the same service, and let `UploadStorageError` (a ValidationError) reach the form:

    from unionreport.core.storage import save_upload
    stored_name = save_upload(name=f"returns/{unit.code}/{year}/{upload.name}", content=upload)

`SafeFileSystemStorage` does the same for every FileField when set as the default storage
(STORAGES["default"]["BACKEND"] = "unionreport.core.storage.SafeFileSystemStorage").
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage

logger = logging.getLogger("unionreport.storage")

DISK_FULL_MESSAGE = (
    "Máy chủ đã hết chỗ lưu tệp nên chưa nhận tệp này; dữ liệu chưa bị thay đổi. "
    "Vui lòng báo cán bộ quản trị của LĐLĐ tỉnh và tải lên lại sau."
)
WRITE_FAILED_MESSAGE = (
    "Máy chủ không ghi được tệp tải lên nên chưa nhận tệp này; dữ liệu chưa bị thay đổi. "
    "Vui lòng báo cán bộ quản trị của LĐLĐ tỉnh và tải lên lại sau."
)
FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class UploadStorageError(ValidationError):
    """The uploaded file could not be stored; the message is for the user."""

    def __init__(self, original: OSError):
        full = original.errno in FULL_ERRNOS
        super().__init__(DISK_FULL_MESSAGE if full else WRITE_FAILED_MESSAGE,
                         code="disk_full" if full else "write_failed")
        self.original = original


class SafeFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that removes its partial file and raises UploadStorageError on OSError."""

    def _save(self, name, content):
        full_path = self.path(name)
        existed = os.path.exists(full_path)
        try:
            return super()._save(name, content)
        except OSError as exc:
            if not existed:
                _remove_quietly(full_path)
            logger.error("upload not stored (%s): %s", name, exc)
            raise UploadStorageError(exc) from exc


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def save_upload(*, name: str, content: File, storage: Storage | None = None) -> str:
    """Store `content` under `name` (or a free variant); returns the stored name or raises UploadStorageError."""
    storage = storage or default_storage
    existed = storage.exists(name)
    try:
        return storage.save(name, content)
    except UploadStorageError:
        raise
    except OSError as exc:
        # Another storage: it may have created the file before failing (never delete a file that was there).
        with contextlib.suppress(OSError):
            if not existed and storage.exists(name):
                storage.delete(name)
        logger.error("upload not stored (%s): %s", name, exc)
        raise UploadStorageError(exc) from exc
