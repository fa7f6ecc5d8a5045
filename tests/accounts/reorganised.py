"""A district dissolved a month ago: its CĐCS (CDCS-B) moved to a commune union.

Fixtures for the access tests (imported by tests/accounts/conftest.py); other folders
call `reorganise` from their own fixture.

    Tỉnh ── TPNB ── CDCS-A
        ├── GV (closed CLOSED)        ── CDCS-B until CLOSED
        └── XGV (Công đoàn xã Gia Viễn) ── CDCS-B from CLOSED
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from unionreport.accounts.models import User
from unionreport.units.models import Unit
from unionreport.units.services import unit_close
from unionreport.welfare.models import Disbursement

CLOSED = timezone.localdate() - dt.timedelta(days=30)
PASSWORD = "matkhau-Thu-nghiem-1"


@dataclass
class Reorganised:
    cdcs: Unit  # CDCS-B, under XGV since CLOSED
    commune: Unit
    giavien_officer: User
    commune_officer: User


def reorganise(*, make_unit, province, district_b, cdcs_b) -> Reorganised:
    commune = make_unit("XGV", "Công đoàn xã Gia Viễn", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE,
                        parent=province)
    giavien = User.objects.create_user(username="canbo_giavien", password=PASSWORD, role=User.Role.UPPER_OFFICER,
                                       unit=district_b, first_name="Cán bộ Gia Viễn")
    officer = User.objects.create_user(username="canbo_xa_giavien", password=PASSWORD,
                                       role=User.Role.UPPER_OFFICER, unit=commune, first_name="Cán bộ xã Gia Viễn")
    unit_close(actor=None, unit=district_b, effective_date=CLOSED, move_children_to=commune)
    giavien.refresh_from_db()
    return Reorganised(cdcs=cdcs_b, commune=commune, giavien_officer=giavien, commune_officer=officer)


@pytest.fixture
def commune(make_unit, province):
    return make_unit("XGV", "Công đoàn xã Gia Viễn", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE,
                     parent=province)


@pytest.fixture
def giavien_officer(district_b):
    return User.objects.create_user(username="canbo_giavien", password=PASSWORD, role=User.Role.UPPER_OFFICER,
                                    unit=district_b, first_name="Cán bộ Gia Viễn")


@pytest.fixture
def commune_officer(commune):
    return User.objects.create_user(username="canbo_xa_giavien", password=PASSWORD, role=User.Role.UPPER_OFFICER,
                                    unit=commune, first_name="Cán bộ xã Gia Viễn")


@pytest.fixture
def reorganised(district_b, cdcs_b, commune, giavien_officer, commune_officer):
    """Close GV a month ago, moving CDCS-B to the commune union; return CDCS-B."""
    unit_close(actor=None, unit=district_b, effective_date=CLOSED, move_children_to=commune)
    for user in (giavien_officer, commune_officer):
        user.refresh_from_db()
    return cdcs_b


@pytest.fixture
def row_2024(reorganised):
    return Disbursement.objects.create(unit=reorganised, date=dt.date(2024, 3, 5), occasion="tet", form="gift",
                                       person_times=2, amount_vnd=1_000_000, source="union_funds",
                                       description="Quà Tết 2024")
