"""The cast shared by every test: a small province, one user per role, helpers to make rows.

    Tỉnh (TINH)
    ├── LĐLĐ Thành phố Ninh Bình (TPNB) ── CĐCS A (CDCS-A)
    └── LĐLĐ huyện Gia Viễn (GV)       ── CĐCS B (CDCS-B)
"""

import datetime as dt
import os

import pytest

from unionreport.accounts.models import User
from unionreport.units.models import Unit
from unionreport.units.services import NewUnit, unit_create

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

START = dt.date(2020, 1, 1)


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NOTIFICATIONS_SEND_ON_COMMIT = False  # tests deliver the outbox themselves (notifications tests)
    settings.EXPORT_BACKGROUND_THREAD = False  # a background export is written in the request
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


CAST_YEAR = 2024  # the year of the cast's rows (tests.members.factories.YEAR)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a test database's ids repeat from one test to the next, so the
    data version the report PDF is cached on (reports.once) could repeat with other data."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _lists_open_on_the_cast_year(request, monkeypatch):
    """Lists open on the reporting year; the cast's rows are of 2024 while the rule (`returns.selectors.
    default_year`) may answer the calendar year in a test without welfare rows. Tests of the rule itself are
    marked `real_default_year`."""
    if request.node.get_closest_marker("real_default_year") is None:
        monkeypatch.setattr("unionreport.entry.filters.default_year", lambda: CAST_YEAR)


@pytest.fixture
def make_unit(db):
    def make(code, name=None, *, level=Unit.Level.GRASSROOTS, parent=None, kind=Unit.Kind.ENTERPRISE,
             valid_from=START):
        return unit_create(actor=None, data=NewUnit(code=code, name=name or f"Đơn vị {code}", level=level,
                                                    kind=kind), parent=parent, valid_from=valid_from)
    return make


@pytest.fixture
def province(make_unit):
    return make_unit("TINH", "LĐLĐ tỉnh Ninh Bình", level=Unit.Level.PROVINCE, kind=Unit.Kind.FEDERATION)


@pytest.fixture
def district_a(make_unit, province):
    return make_unit("TPNB", "LĐLĐ Thành phố Ninh Bình", level=Unit.Level.UPPER, kind=Unit.Kind.DISTRICT,
                     parent=province)


@pytest.fixture
def district_b(make_unit, province):
    return make_unit("GV", "LĐLĐ huyện Gia Viễn", level=Unit.Level.UPPER, kind=Unit.Kind.DISTRICT,
                     parent=province)


@pytest.fixture
def cdcs_a(make_unit, district_a):
    return make_unit("CDCS-A", "Công đoàn Công ty Dệt may Hoa Lư", parent=district_a)


@pytest.fixture
def cdcs_b(make_unit, district_b):
    return make_unit("CDCS-B", "Công đoàn Trường THCS Gia Viễn", parent=district_b, kind=Unit.Kind.SCHOOL)


def _user(username, role, unit, **extra):
    return User.objects.create_user(username=username, password="matkhau-Thu-nghiem-1", role=role, unit=unit,
                                    first_name=extra.pop("first_name", username), **extra)


@pytest.fixture
def staff(province):
    return _user("canbo_tinh", User.Role.PROVINCE_STAFF, province)


@pytest.fixture
def leader(province):
    return _user("lanhdao", User.Role.LEADERSHIP, province)


@pytest.fixture
def upper_officer_a(district_a):
    return _user("canbo_tpnb", User.Role.UPPER_OFFICER, district_a)


@pytest.fixture
def officer_a(cdcs_a):
    return _user("canbo_cdcs_a", User.Role.GRASSROOTS_OFFICER, cdcs_a)


@pytest.fixture
def officer_b(cdcs_b):
    return _user("canbo_cdcs_b", User.Role.GRASSROOTS_OFFICER, cdcs_b)
