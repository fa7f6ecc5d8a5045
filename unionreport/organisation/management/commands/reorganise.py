"""`python manage.py reorganise merge|absorb|split|move|dissolve|undo ...`: the reorganisation pages' services for
staff and scripts (reorganisation spec, "Command"). Prints one line per unit (code, change, members moved or
left, accounts affected) and the parent's key figures before and after; exit status 1 with the Vietnamese
reason when refused; `--dry-run` changes nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from unionreport.accounts.models import User
from unionreport.accounts.services import DEACTIVATE, KEEP, MOVE
from unionreport.lib.formatting import format_date, format_int
from unionreport.lib.parsing import ParseError, parse_date
from unionreport.organisation import services
from unionreport.organisation.member_list import read_assignment
from unionreport.organisation.preview import account_rows, figures_parent, members_to_assign, reorganisation_preview
from unionreport.units.models import Unit
from unionreport.units.selectors import parent_of
from unionreport.units.services import NewUnit


def _day(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ParseError:
        raise CommandError(f"Ngày “{text}” không hợp lệ: nhập dạng YYYY-MM-DD hoặc dd/mm/yyyy.") from None


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code.strip().upper()).first()
    if unit is None:
        raise CommandError(f"Không tìm thấy đơn vị có mã {code}.")
    return unit


class Command(BaseCommand):
    help = ("Sắp xếp tổ chức: hợp nhất (merge), sáp nhập (absorb), chia tách (split), chuyển cấp trên (move), "
            "giải thể (dissolve), hoàn tác sự kiện gần nhất (undo). --dry-run: chỉ xem trước.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True)
        common = {"--date": {"required": True, "help": "ngày hiệu lực (YYYY-MM-DD)"}}

        def add(name, help_text, dated=True):
            p = sub.add_parser(name, help=help_text)
            if dated:
                p.add_argument("--date", **common["--date"])
            p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không thay đổi gì")
            p.add_argument("--user", help="tài khoản cán bộ LĐLĐ tỉnh thực hiện (mặc định: tài khoản đầu tiên)")
            return p

        p = add("merge", "hợp nhất các đơn vị thành một đơn vị mới")
        p.add_argument("--into", required=True, help="mã đơn vị mới")
        p.add_argument("--name", required=True, help="tên đơn vị mới")
        p.add_argument("--parent", help="mã đơn vị cấp trên của đơn vị mới (mặc định: cấp trên của đơn vị đầu)")
        p.add_argument("--accounts", choices=[MOVE, DEACTIVATE], default=MOVE)
        p.add_argument("units", nargs="+")
        p = add("absorb", "sáp nhập các đơn vị vào một đơn vị có sẵn")
        p.add_argument("--into", required=True, help="mã đơn vị tiếp nhận")
        p.add_argument("--accounts", choices=[MOVE, DEACTIVATE], default=MOVE)
        p.add_argument("units", nargs="+")
        p = add("split", "chia tách một đơn vị thành các đơn vị mới")
        p.add_argument("unit")
        p.add_argument("--into", nargs="+", required=True, metavar='MÃ:"tên"', help="các đơn vị mới")
        p.add_argument("--members", help="tệp .xlsx: cột Số thẻ đoàn viên, Mã đơn vị mới")
        p.add_argument("--child", action="append", default=[], metavar="MÃ_TRỰC_THUỘC:MÃ_MỚI",
                       help="đơn vị trực thuộc về đơn vị mới nào (chia tách đơn vị cấp trên)")
        p.add_argument("--accounts", choices=[DEACTIVATE], default=DEACTIVATE)
        p = add("move", "chuyển đơn vị sang đơn vị cấp trên khác")
        p.add_argument("unit")
        p.add_argument("--parent", required=True)
        p = add("dissolve", "giải thể đơn vị")
        p.add_argument("unit")
        p.add_argument("--reason", required=True, choices=Unit.Reason.values)
        p.add_argument("--move-children-to", help="mã đơn vị nhận các đơn vị trực thuộc")
        p.add_argument("--accounts", choices=[KEEP, DEACTIVATE], default=KEEP)
        p.add_argument("--note", default="")
        p = add("undo", "hoàn tác sự kiện sắp xếp gần nhất của đơn vị", dated=False)
        p.add_argument("unit")

    def handle(self, *args, kind, dry_run=False, user=None, **options):
        actor = self._actor(user)
        try:
            if kind == "undo":
                return self._undo(actor, _unit(options["unit"]), dry_run)
            apply, units, day, target = self._plan(kind, actor, options)
            rows = account_rows(units, [], {}, options.get("accounts") or "")
            preview = reorganisation_preview(apply, units=units or [target], effective_date=day,
                                             parent=figures_parent(units or [target], target, day), accounts=rows)
            self._print(preview, rows, options.get("accounts") or "")
            if dry_run:
                self.stdout.write("(xem trước: chưa thay đổi gì)")
                return
            for unit in [*units, target]:  # the preview's rollback left the objects as it had changed them
                if unit is not None:
                    unit.refresh_from_db()
            event = apply()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Đã áp dụng: {event.summary} (hiệu lực {format_date(day)})."))

    def _actor(self, username: str | None) -> User:
        users = User.objects.filter(role=User.Role.PROVINCE_STAFF, is_active=True).order_by("pk")
        actor = users.filter(username=username).first() if username else users.first()
        if actor is None:
            raise CommandError("Cần một tài khoản cán bộ LĐLĐ tỉnh đang hoạt động (--user TÊN_ĐĂNG_NHẬP).")
        return actor

    def _plan(self, kind: str, actor: User, o: dict):
        day = _day(o["date"])
        if kind in ("merge", "absorb"):
            sources = [_unit(code) for code in o["units"]]
            into = _unit(o["into"]) if kind == "absorb" else None
            new_unit = None if into else NewUnit(code=o["into"].strip().upper(), name=o["name"].strip(),
                                                 level=sources[0].level, kind=sources[0].kind)
            parent = _unit(o["parent"]) if o.get("parent") else None
            if new_unit is not None and parent is None:
                parent = parent_of(sources[0], day - dt.timedelta(days=1))

            def apply():
                return services.reorganise_merge(actor=actor, sources=sources, effective_date=day, into=into,
                                                  new_unit=new_unit, parent=parent, accounts=o["accounts"])
            return apply, sources, day, into
        unit = _unit(o["unit"])
        if kind == "move":
            new_parent = _unit(o["parent"])
            return (lambda: services.reorganise_move(actor=actor, units=[unit], new_parent=new_parent,
                                                     effective_date=day)), [unit], day, None
        if kind == "dissolve":
            heir = _unit(o["move_children_to"]) if o.get("move_children_to") else None
            return (lambda: services.reorganise_dissolve(
                actor=actor, unit=unit, effective_date=day, reason=o["reason"], move_children_to=heir,
                accounts=o["accounts"], note=o.get("note", ""))), [unit], day, None
        new_units = []
        for item in o["into"]:
            code, _, name = item.partition(":")
            if not name.strip():
                raise CommandError(f"--into {item}: cần dạng MÃ:\"tên đơn vị mới\".")
            new_units.append(NewUnit(code=code.strip().upper(), name=name.strip().strip('"'), level=unit.level,
                                     kind=unit.kind))
        children = {}
        for item in o["child"]:
            child, _, new_code = item.partition(":")
            children[_unit(child).pk] = new_code.strip().upper()
        members = self._members(unit, day, o.get("members"))
        return (lambda: services.reorganise_split(
            actor=actor, source=unit, new_units=new_units, children=children, members=members,
            accounts=o["accounts"], effective_date=day)), [unit], day, None

    def _members(self, unit: Unit, day: dt.date, path: str | None) -> dict[int, str]:
        if not path:
            return {}
        with open(path, "rb") as handle:
            by_card, errors = read_assignment(handle, name=path)
        if errors:
            raise CommandError("\n".join(f"{path}: {e}" for e in errors))
        cards = {m.card_number: m.pk for m in members_to_assign(unit, day)}
        strangers = sorted(set(by_card) - set(cards))
        if strangers:
            raise CommandError(f"{path}: số thẻ không thuộc {unit.code}: {', '.join(strangers[:10])}.")
        return {cards[card]: code for card, code in by_card.items()}

    def _print(self, preview, rows, default: str) -> None:
        for change in preview.changes:
            self.stdout.write(f"{change.code}\t{change.label}\t{change.parent_before or '—'} → "
                              f"{change.parent_after or '—'}")
        for impact in preview.impacts:
            accounts = ", ".join(f"{a.username} ({a.choice or default})" for a in impact.accounts) or "không có"
            moved = f"chuyển {format_int(impact.members_moved)} đoàn viên"
            if impact.moved_to:
                moved += " → " + ", ".join(impact.moved_to)
            self.stdout.write(f"{impact.code}\t{moved}; ra khỏi tổ chức {format_int(impact.members_left)}; "
                              f"tài khoản: {accounts}")
        if preview.figures:
            self.stdout.write(f"Số liệu năm {preview.year} của {preview.parent_name} (trước → sau):")
            for f in preview.figures:
                self.stdout.write(f"  {f.label}: {format_int(f.before)} → {format_int(f.after)}")

    def _undo(self, actor: User, unit: Unit, dry_run: bool) -> None:
        event = services.undoable_event(unit)
        if event is None:
            raise CommandError(f"{unit.code}: không có sự kiện nào hoàn tác được (không có sự kiện, hoặc đã có số "
                               "liệu, báo cáo hay sự kiện ghi sau sự kiện gần nhất).")
        self.stdout.write(f"{unit.code}\thoàn tác: {event.summary} (hiệu lực {format_date(event.effective_date)})")
        if dry_run:
            self.stdout.write("(xem trước: chưa thay đổi gì)")
            return
        services.reorganise_undo(actor=actor, unit=unit)
        self.stdout.write(self.style.SUCCESS("Đã hoàn tác."))
