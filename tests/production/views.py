"""Views used only by the fault tests (see urls.py in this folder)."""

import errno

from django.db import OperationalError


def db_gone(request):
    raise OperationalError("could not connect to server: Connection refused")


def disk_full(request):
    raise OSError(errno.ENOSPC, "No space left on device")
