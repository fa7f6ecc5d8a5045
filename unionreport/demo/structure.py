"""The demo province: Ninh Bình's 2024 structure, its 2025 reorganisation and one login per role.

Everything is read from `fixtures/` and written through the services, so the demo shows
the same events a person would have made. Each step checks whether it was already done:
running `load_demo` twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from unionreport.accounts import services as account_services
from unionreport.accounts.models import User
from unionreport.units import selectors
from unionreport.units import services as unit_services
from unionreport.units.models import Unit

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEMO_PASSWORD = "Demo@2024"  # noqa: S105 - printed for the demo on purpose
PROVINCE_CODE = "NB"


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _rows(name: str) -> list[dict[str, str]]:
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def load_structure(*, stdout=None) -> int:
    """The 2024 structure (units_2024.csv); returns the number of units created (0 if already there)."""
    if Unit.objects.filter(code=PROVINCE_CODE).exists():
        return 0
    seeds = [
        unit_services.UnitSeed(
            data=unit_services.NewUnit(code=row["code"], name=row["name"], level=row["level"], kind=row["kind"],
                                       contact_person=row["contact_person"], phone=row["phone"]),
            parent_code=row["parent"] or None, valid_from=_date(row["valid_from"]), valid_to=_date(row["valid_to"]))
        for row in _rows("units_2024.csv")
    ]
    created = unit_services.unit_create_many(actor=None, seeds=seeds, note="Cơ cấu tổ chức năm 2024 (dữ liệu mẫu)")
    _say(stdout, f"Đã nạp {len(created)} đơn vị của cơ cấu năm 2024.")
    return len(created)


def load_users(*, stdout=None) -> int:
    units = {u.code: u for u in Unit.objects.filter(code__in=[r["unit"] for r in _rows("demo_users.csv")])}
    created = 0
    hashed = make_password(DEMO_PASSWORD)  # one hash for all: the demo password is public anyway
    for row in _rows("demo_users.csv"):
        if User.objects.filter(username=row["username"]).exists():
            continue
        data = account_services.UserData(username=row["username"], full_name=row["full_name"], role=row["role"],
                                         unit=units[row["unit"]], email=row["email"], phone=row["phone"])
        account_services.validate_role_unit(data.role, data.unit)
        first, last = account_services.split_name(data.full_name)
        user = User(username=data.username, first_name=first, last_name=last, email=data.email, phone=data.phone,
                    role=data.role, unit=data.unit)
        account_services.validate_new_password(DEMO_PASSWORD, user)
        user.password = hashed
        user.save()
        created += 1
    if created:
        _say(stdout, f"Đã tạo {created} tài khoản mẫu.")
    return created


def apply_reorganisation_2025(*, actor: User | None, stdout=None) -> int:
    """The 2025 events (reorganisation_2025.json); returns how many were applied now."""
    plan = json.loads((FIXTURES / "reorganisation_2025.json").read_text(encoding="utf-8"))
    province = Unit.objects.get(code=PROVINCE_CODE)
    applied = 0
    for merge in plan["merges"]:
        new = merge["new_unit"]
        if Unit.objects.filter(code=new["code"]).exists():
            continue
        unit_services.unit_merge(
            actor=actor, sources=list(Unit.objects.filter(code__in=merge["sources"]).order_by("code")),
            effective_date=_date(merge["effective_date"]), new_unit=unit_services.NewUnit(**new),
            parent=Unit.objects.get(code=merge["parent"]), note=merge["note"])
        applied += 1
    opened = _date(plan["new_units_from"])
    parent = Unit.objects.get(code=plan["new_units_parent"])
    for item in plan["new_units"]:
        if Unit.objects.filter(code=item["code"]).exists():
            continue
        unit_services.unit_create(actor=actor, parent=parent, valid_from=opened, note=plan["closures"]["note"],
                                  data=unit_services.NewUnit(level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE, **item))
        applied += 1
    destination = {row["code"]: row["parent_2025"] for row in _rows("units_2024.csv") if row["parent_2025"]}
    closure = plan["closures"]
    day = _date(closure["effective_date"])
    targets = {u.code: u for u in Unit.objects.filter(code__in=set(destination.values()))}
    for code in closure["units"]:
        district = Unit.objects.get(code=code)
        if district.valid_to is not None:
            continue
        groups: dict[str, list[Unit]] = defaultdict(list)
        for child in selectors.children(district, day):
            groups[destination.get(child.code, PROVINCE_CODE)].append(child)
        for target_code, moving in sorted(groups.items()):
            if target_code != PROVINCE_CODE:
                unit_services.unit_move(actor=actor, units=moving, new_parent=targets[target_code],
                                        effective_date=day, note=closure["note"])
        unit_services.unit_close(actor=actor, unit=district, effective_date=day, move_children_to=province,
                                 note=closure["note"])
        applied += 1
    if applied:
        _say(stdout, f"Đã áp dụng {applied} sự kiện sắp xếp tổ chức năm 2025.")
    return applied


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    load_structure(stdout=stdout)
    load_users(stdout=stdout)
    actor = User.objects.filter(username="canbo_tinh").first()
    apply_reorganisation_2025(actor=actor, stdout=stdout)


# The officers of the commune and ward unions formed on 01/07/2025 (Công đoàn xã Kim Sơn has none yet: its
# returns wait for the province, "thay cho cấp trên (chưa có tài khoản)"); canbo_giavien follows its CĐCS from
# the closed LĐLĐ huyện Gia Viễn to Công đoàn xã Gia Viễn. One has no email yet (the staff's list shows it).
COMMUNE_OFFICERS = (
    ("canbo_hoalu", "Phạm Minh Trang", "NB-P-HOALU", "canbo.hoalu@example.org", "0912 000 011"),
    ("canbo_namhoalu", "Vũ Thị Hạnh", "NB-P-NAMHOALU", "canbo.namhoalu@example.org", "0912 000 012"),
    ("canbo_tamdiep", "Bùi Văn Long", "NB-P-TAMDIEP", "canbo.tamdiep@example.org", "0912 000 013"),
    ("canbo_nhoquan", "Ngô Văn Cường", "NB-X-NHOQUAN", "canbo.nhoquan@example.org", "0912 000 014"),
    ("canbo_yenkhanh", "Lê Thu Phương", "NB-X-YENKHANH", "canbo.yenkhanh@example.org", "0912 000 015"),
    ("canbo_yenmo", "Hoàng Đức Vinh", "NB-X-YENMO", "", "0912 000 016"),
)
FOLLOWS = ("canbo_giavien", "NB-X-GIAVIEN")


def load_commune_officers(*, staff: User, stdout=None) -> int:
    """The commune unions' accounts (after their units exist); returns how many were written now."""
    changed = 0
    hashed = make_password(DEMO_PASSWORD)
    units = {u.code: u for u in Unit.objects.filter(code__in=[row[2] for row in COMMUNE_OFFICERS] + [FOLLOWS[1]])}
    for username, full_name, code, email, phone in COMMUNE_OFFICERS:
        if User.objects.filter(username=username).exists():
            continue
        first, last = account_services.split_name(full_name)
        account_services.validate_role_unit(User.Role.UPPER_OFFICER, units[code])
        User.objects.create(username=username, first_name=first, last_name=last, email=email, phone=phone,
                            role=User.Role.UPPER_OFFICER, unit=units[code], password=hashed)
        changed += 1
    follower = User.objects.filter(username=FOLLOWS[0]).first()
    if follower is not None and follower.unit.code != FOLLOWS[1]:
        account_services.user_update(actor=staff, user=follower, role=follower.role, unit=units[FOLLOWS[1]],
                                     is_active=True)
        changed += 1
    if changed:
        _say(stdout, f"Đã tạo, chuyển {changed} tài khoản của công đoàn xã, phường.")
    return changed


def demo_staff() -> User | None:
    """The provincial staff account the demo writes the province's lists as."""
    return User.objects.filter(role=User.Role.PROVINCE_STAFF, is_active=True).order_by("pk").first()


def demo_usernames() -> list[str]:
    return [row["username"] for row in _rows("demo_users.csv")]


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, password, role, unit) of the demo accounts that exist."""
    names = demo_usernames()
    users = {u.username: u for u in User.objects.filter(username__in=names).select_related("unit")}
    return [(u.username, DEMO_PASSWORD, u.get_role_display(), f"{u.unit.name} ({u.unit.code})")
            for name in names if (u := users.get(name))]
