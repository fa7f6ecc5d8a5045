"""Keeping users: create, change role/unit/active, set a password. Only provincial staff do this."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from unionreport.accounts.access import require_staff
from unionreport.accounts.models import User
from unionreport.units.models import Unit

R = User.Role
# Which levels of unit each role may be attached to.
ROLE_LEVELS = {
    R.PROVINCE_STAFF: {Unit.Level.PROVINCE},
    R.LEADERSHIP: {Unit.Level.PROVINCE},
    R.UPPER_OFFICER: {Unit.Level.UPPER, Unit.Level.COMMUNE},
    R.GRASSROOTS_OFFICER: {Unit.Level.GRASSROOTS},
}
ROLE_RULE = {
    R.PROVINCE_STAFF: "Cán bộ LĐLĐ tỉnh phải thuộc LĐLĐ tỉnh.",
    R.LEADERSHIP: "Lãnh đạo phải thuộc LĐLĐ tỉnh.",
    R.UPPER_OFFICER: "Cán bộ công đoàn cấp trên cơ sở phải thuộc một công đoàn cấp trên trực tiếp cơ sở "
                     "hoặc công đoàn xã, phường.",
    R.GRASSROOTS_OFFICER: "Cán bộ công đoàn cơ sở phải thuộc một công đoàn cơ sở (CĐCS).",
}
PASSWORD_MESSAGES = {
    "password_too_short": "Mật khẩu quá ngắn: cần ít nhất {min_length} ký tự.",
    "password_too_common": "Mật khẩu này quá phổ biến, dễ bị đoán.",
    "password_entirely_numeric": "Mật khẩu không được chỉ gồm chữ số.",
    "password_too_similar": "Mật khẩu quá giống tên đăng nhập, họ tên hoặc email.",
}


@dataclass(frozen=True)
class UserData:
    username: str
    full_name: str
    role: str
    unit: Unit
    email: str = ""
    phone: str = ""


def validate_role_unit(role: str, unit: Unit | None) -> None:
    """Each role belongs to a unit of a matching level (domain spec: one user, one unit)."""
    if role not in ROLE_LEVELS:
        raise ValidationError("Vai trò không hợp lệ.")
    if unit is None:
        raise ValidationError("Vui lòng chọn đơn vị của người dùng.")
    if unit.level not in ROLE_LEVELS[role]:
        raise ValidationError(f"{ROLE_RULE[role]} {unit.name} ({unit.code}) là {unit.get_level_display()}.")


def validate_new_password(password: str, user: User | None = None) -> None:
    """Django's validators (settings.AUTH_PASSWORD_VALIDATORS), with the messages in Vietnamese."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        messages = []
        for item in error.error_list:
            template = PASSWORD_MESSAGES.get(item.code)
            messages.append(template.format(**(item.params or {})) if template else item.messages[0])
        raise ValidationError(messages) from None


def split_name(full_name: str) -> tuple[str, str]:
    """(first_name, last_name) such that get_full_name() reads the Vietnamese way ("Nguyễn Thị Thu Hà").

    Django joins first and last name; a Vietnamese name is written family name first, so
    the whole name goes into first_name.
    """
    return " ".join(full_name.split()), ""


@transaction.atomic
def user_create(*, actor: User, data: UserData, password: str) -> User:
    require_staff(actor)
    username = data.username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"Tên đăng nhập “{username}” đã có người dùng.")
    validate_role_unit(data.role, data.unit)
    first_name, last_name = split_name(data.full_name)
    user = User(username=username, first_name=first_name, last_name=last_name, email=data.email,
                phone=data.phone, role=data.role, unit=data.unit)
    validate_new_password(password, user)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, role: str, unit: Unit, is_active: bool, full_name: str | None = None,
                email: str | None = None, phone: str | None = None) -> User:
    require_staff(actor)
    validate_role_unit(role, unit)
    if user.pk == actor.pk and (not is_active or role != actor.role):
        raise ValidationError("Không thể tự khóa tài khoản hoặc tự đổi vai trò của chính mình.")
    user.role, user.unit, user.is_active = role, unit, is_active
    if full_name is not None:
        user.first_name, user.last_name = split_name(full_name)
    if email is not None:
        user.email = email
    if phone is not None:
        user.phone = phone
    user.save()
    return user


@transaction.atomic
def user_set_password(*, actor: User, user: User, password: str) -> User:
    require_staff(actor)
    validate_new_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_set_own_email(*, actor: User, email: str) -> User:
    """A user sets the address notifications and reminders are sent to (any role, for oneself only)."""
    actor.email = (email or "").strip()
    actor.save(update_fields=["email"])
    return actor


# --- Accounts that follow a reorganisation --------------------------------------------------------------------

MOVE, DEACTIVATE, KEEP = "move", "deactivate", "keep"  # what becomes of an account of a unit that closes


def accounts_follow(*, actor: User, choices: dict[User, tuple[str, Unit | None]], journal: dict) -> None:
    """Inside a reorganisation (provincial staff): each account of a closing unit moves to the unit that took
    over (`MOVE`, unit), is deactivated (`DEACTIVATE`) or kept to read its unit's history (`KEEP`). A moved
    account keeps its role when the new unit's level allows it (else it is deactivated). Written to the
    event's journal for its undo."""
    require_staff(actor)
    log = journal.setdefault("accounts", [])
    moved: dict[Unit, list[User]] = {}
    deactivated: list[User] = []
    for user, (choice, unit) in choices.items():
        if choice == KEEP:
            continue
        log.append([user.pk, user.unit_id, user.is_active])
        if choice == MOVE and unit is not None and unit.level in ROLE_LEVELS.get(user.role, set()):
            moved.setdefault(unit, []).append(user)
            user.unit = unit
        else:
            deactivated.append(user)
            user.is_active = False
    # One UPDATE per unit taking accounts over and one for the deactivated ones, not one per account (a merger of
    # a commune union's 100 CĐCS moves as many accounts).
    for unit, users in moved.items():
        User.objects.filter(pk__in=[u.pk for u in users]).update(unit=unit)
    if deactivated:
        User.objects.filter(pk__in=[u.pk for u in deactivated]).update(is_active=False)


def accounts_undo(*, journal: dict) -> None:
    for pk, unit_id, is_active in journal.get("accounts", []):
        User.objects.filter(pk=pk).update(unit_id=unit_id, is_active=is_active)
