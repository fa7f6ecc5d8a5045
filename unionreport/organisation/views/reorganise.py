"""Reorganising a unit: form → preview (applied and rolled back) → confirm (validated and applied again); undo.

The preview asks what the form cannot know before the units are chosen: each account of a closing unit
(`tai_khoan_<id>`) and, for a split, each member's new unit (`doan_vien_<id>`, pre-filled from the Excel
list when one was given). The confirmation posts them back with the form's fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from unionreport.accounts.access import get_visible_unit_or_404, require_staff
from unionreport.lib.formatting import format_date
from unionreport.organisation import forms, services
from unionreport.organisation.member_list import read_assignment
from unionreport.organisation.preview import account_rows, figures_parent, members_to_assign, reorganisation_preview
from unionreport.units.models import Reorganisation, Unit
from unionreport.units.services import NewUnit


@dataclass(frozen=True)
class Kind:
    title: str
    form: type
    closing: bool  # the event closes the unit (and the others named): its accounts are asked about


KINDS = {
    Reorganisation.Kind.RENAME.value: Kind("Đổi tên", forms.RenameForm, False),
    Reorganisation.Kind.MOVE.value: Kind("Chuyển đơn vị cấp trên", forms.MoveForm, False),
    Reorganisation.Kind.MERGE.value: Kind("Hợp nhất, sáp nhập", forms.MergeForm, True),
    Reorganisation.Kind.SPLIT.value: Kind("Chia tách", forms.SplitForm, True),
    Reorganisation.Kind.CLOSE.value: Kind("Giải thể", forms.CloseForm, True),
}
REORGANISATIONS = {key: (kind.title, kind.form) for key, kind in KINDS.items()}


def _closing_units(kind: str, unit, data) -> list:
    if kind == Reorganisation.Kind.MERGE:
        return list(data["other_codes"])
    return [unit] if KINDS[kind].closing else []


def _new_units(unit, data) -> list[NewUnit]:
    return [NewUnit(code=code, name=name, level=unit.level, kind=unit.kind) for code, name in data["new_units"]]


def _account_options(kind: str, unit, data) -> list[tuple[str, str]]:
    if kind == Reorganisation.Kind.SPLIT:
        return [*((code, f"Chuyển sang {name} ({code})") for code, name in data["new_units"]),
                ("deactivate", "Ngừng hoạt động tài khoản")]
    return forms.ACCOUNT_CHOICES.get("merge" if kind == Reorganisation.Kind.MERGE else "close", [])


def _posted_choices(request, prefix: str, allowed: set[str]) -> dict[int, str]:
    out = {}
    for name, value in request.POST.items():
        if name.startswith(prefix) and name.removeprefix(prefix).isdigit() and value in allowed:
            out[int(name.removeprefix(prefix))] = value
    return out


def _member_assignment(request, unit, data, codes: set[str]) -> tuple[dict[int, str], list[str]]:
    """Member id → new unit code: from the page's selects, else from the uploaded Excel list."""
    chosen = _posted_choices(request, "doan_vien_", codes)
    errors: list[str] = []
    upload = data.get("members_file")
    if upload:
        by_card, errors = read_assignment(upload, name=upload.name)
        unknown = sorted({code for code in by_card.values() if code not in codes})
        if unknown:
            errors.append(f"Mã đơn vị mới không có trong danh sách đơn vị mới: {', '.join(unknown)}.")
        members = members_to_assign(unit, data["effective_date"])
        cards = {m.card_number: m.pk for m in members}
        strangers = sorted(set(by_card) - set(cards))
        if strangers:
            errors.append(f"Số thẻ không thuộc {unit.code} (hoặc đã ra khỏi tổ chức): {', '.join(strangers[:10])}.")
        if not errors:
            chosen = {cards[card]: code for card, code in by_card.items()} | chosen
    return chosen, errors


def _apply(kind: str, actor, unit, data, accounts: dict[int, str], members: dict[int, str]):
    day, note = data["effective_date"], data["note"]
    if kind == Reorganisation.Kind.RENAME:
        return services.reorganise_rename(actor=actor, unit=unit, new_name=data["new_name"], effective_date=day,
                                          note=note)
    if kind == Reorganisation.Kind.MOVE:
        return services.reorganise_move(actor=actor, units=[unit], new_parent=data["new_parent"],
                                        effective_date=day, note=note)
    if kind == Reorganisation.Kind.CLOSE:
        return services.reorganise_dissolve(actor=actor, unit=unit, effective_date=day, reason=data["reason"],
                                            move_children_to=data["move_children_to"],
                                            accounts=accounts or data["accounts"], note=note)
    if kind == Reorganisation.Kind.MERGE:
        new_unit = None if data.get("into") else NewUnit(code=data["new_code"], name=data["new_name"],
                                                         level=unit.level, kind=unit.kind)
        return services.reorganise_merge(actor=actor, sources=data["other_codes"], effective_date=day,
                                          into=data.get("into"), new_unit=new_unit, parent=data.get("parent"),
                                          accounts=accounts or data["accounts"], note=note)
    return services.reorganise_split(actor=actor, source=unit, new_units=_new_units(unit, data),
                                     children=data["assignment"], members=members,
                                     accounts=accounts or data["accounts"], effective_date=day, note=note)


@require_http_methods(["GET", "POST"])
def reorganise(request, code, kind):
    unit = get_visible_unit_or_404(request.user, code)
    require_staff(request.user)
    if kind not in KINDS:
        raise Http404("Không có loại sắp xếp này.")
    spec = KINDS[kind]
    if unit.valid_to is not None:
        messages.error(request, f"{unit.name} đã ngừng hoạt động từ {format_date(unit.valid_to)}: không sắp xếp "
                                "được nữa.")
        return redirect("organisation:detail", code=unit.code)
    form = spec.form(request.POST if request.method == "POST" else None,
                     request.FILES if request.method == "POST" else None, unit=unit)
    context = {"unit": unit, "kind": kind, "title": spec.title, "form": form}
    step = request.POST.get("buoc", "xem-truoc")
    if request.method != "POST" or step == "sua" or not form.is_valid():
        return render(request, "organisation/reorganise.html", context)
    data = form.cleaned_data
    closing = _closing_units(kind, unit, data)
    options = _account_options(kind, unit, data)
    accounts = _posted_choices(request, "tai_khoan_", {value for value, _ in options})
    members: dict[int, str] = {}
    try:
        if kind == Reorganisation.Kind.SPLIT:
            members, file_errors = _member_assignment(request, unit, data, {c for c, _ in data["new_units"]})
            if file_errors:
                raise ValidationError(file_errors)
        if step == "xac-nhan":
            _apply(kind, request.user, unit, data, accounts, members)
            messages.success(request, f"Đã áp dụng: {spec.title.lower()} {unit.code}, hiệu lực từ "
                                      f"{format_date(data['effective_date'])}.")
            detail_url = reverse("organisation:detail", args=[unit.code])
            return redirect(f"{detail_url}?ngay={format_date(data['effective_date'])}")
        rows = account_rows(closing, options, accounts, data.get("accounts") or "")
        to_assign = members_to_assign(unit, data["effective_date"]) if kind == Reorganisation.Kind.SPLIT else []
        unassigned = [m for m in to_assign if m.pk not in members]
        preview = None
        if not unassigned:
            target = data.get("into") if kind == Reorganisation.Kind.MERGE else None
            preview = reorganisation_preview(
                lambda: _apply(kind, request.user, unit, data, {r.user_id: r.choice for r in rows}, members),
                units=[*closing] or [unit], effective_date=data["effective_date"],
                parent=figures_parent(closing or [unit], target, data["effective_date"]), accounts=rows)
        unit.refresh_from_db()
        return render(request, "organisation/reorganise_preview.html", {
            **context, "preview": preview, "effective_date": data["effective_date"], "accounts": rows,
            "members": [(m, members.get(m.pk, "")) for m in to_assign], "unassigned": len(unassigned),
            "new_units": data.get("new_units", []),
        })
    except ValidationError as error:
        unit.refresh_from_db()
        for message in error.messages:
            form.add_error(None, message)
        return render(request, "organisation/reorganise.html", context)


@require_http_methods(["GET", "POST"])
def undo(request, code):
    """GET asks to confirm (the page names the event); POST undoes it."""
    unit = get_visible_unit_or_404(request.user, code)
    require_staff(request.user)
    if request.method == "GET":
        return render(request, "organisation/undo.html", {"unit": unit, "event": services.undoable_event(unit)})
    try:
        event = services.reorganise_undo(actor=request.user, unit=unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Đã hoàn tác: {event.summary} (hiệu lực {format_date(event.effective_date)}).")
    if not Unit.objects.filter(code=code).exists():  # the event had created the unit: it went with the undo
        return redirect("organisation:tree")
    return redirect("organisation:detail", code=code)
