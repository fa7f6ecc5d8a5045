"""Pages of this app (thin: parse, call a selector or service, render)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from unionreport.accounts.access import get_visible_unit_or_404, require_staff, visible_unit_ids, visible_units
from unionreport.organisation import forms
from unionreport.units import selectors, services
from unionreport.units.models import Reorganisation, Unit, UnitPeriod


def _as_of(request, form) -> dt.date:
    if form.is_valid() and form.cleaned_data.get("ngay"):
        return form.cleaned_data["ngay"]
    return timezone.localdate()


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


@require_GET
def tree(request):
    form = forms.TreeFilterForm(request.GET or None)
    as_of = _as_of(request, form)
    level = form.cleaned_data.get("cap") if form.is_valid() else ""
    roots = selectors.tree_as_of(as_of, levels={level} if level else None, unit_ids=visible_unit_ids(request.user))
    return render(request, "organisation/tree.html", {
        "form": form, "as_of": as_of, "rows": selectors.flatten_tree(roots), "total": sum(r.size for r in roots),
        "grassroots": sum(r.grassroots_count for r in roots), "can_edit": request.user.is_province_staff,
        "own_unit_closed": request.user.unit is not None and not request.user.unit.is_open_on(as_of),
    })


@require_GET
def detail(request, code):
    unit = get_visible_unit_or_404(request.user, code)
    form = forms.AsOfForm(request.GET or None)
    as_of = _as_of(request, form)
    periods = list(unit.periods.select_related("parent").order_by("valid_from"))
    child_periods = list(
        UnitPeriod.objects.filter(selectors.valid_on_q(as_of), parent=unit).select_related("unit")
        .order_by("unit__code")
    )
    ancestors = selectors.ancestors(unit, as_of)
    linked = {a.id for a in ancestors} | {p.unit_id for p in child_periods}
    visible = set(visible_units(request.user).filter(id__in=linked).values_list("id", flat=True))
    now = next((p for p in periods if p.valid_from <= as_of and (p.valid_to is None or p.valid_to > as_of)), None)
    events = unit.reorganisations.select_related("actor").order_by("-effective_date", "-id")
    return render(request, "organisation/detail.html", {
        "unit": unit, "form": form, "as_of": as_of, "period": now, "periods": periods,
        "child_periods": child_periods, "ancestors": ancestors, "visible_ids": visible, "events": events,
        "grassroots_below": selectors.subtree(unit, as_of).filter(level=Unit.Level.GRASSROOTS).count(),
        "kinds": REORGANISATIONS, "can_edit": request.user.is_province_staff,
    })


@require_http_methods(["GET", "POST"])
def create(request):
    require_staff(request.user)
    form = forms.UnitCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = services.NewUnit(code=data["code"], name=data["name"].strip(), level=data["level"], kind=data["kind"],
                               contact_person=data["contact_person"], phone=data["phone"], email=data["email"],
                               address=data["address"])
        try:
            unit = services.unit_create(actor=request.user, data=new, parent=data["parent"],
                                        valid_from=data["valid_from"], note=data["note"])
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(request, f"Đã thành lập {unit.name} ({unit.code}).")
            return redirect("organisation:detail", code=unit.code)
    return render(request, "organisation/create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def contact(request, code):
    unit = get_visible_unit_or_404(request.user, code)
    require_staff(request.user)
    initial = {"contact_person": unit.contact_person, "phone": unit.phone, "email": unit.email,
               "address": unit.address}
    form = forms.ContactForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.unit_update_contact(actor=request.user, unit=unit, **form.cleaned_data)
        messages.success(request, f"Đã cập nhật thông tin liên hệ của {unit.name}.")
        return redirect("organisation:detail", code=unit.code)
    return render(request, "organisation/contact.html", {"unit": unit, "form": form})


def _rename(actor, unit, data):
    return services.unit_rename(actor=actor, unit=unit, new_name=data["new_name"],
                                effective_date=data["effective_date"], note=data["note"])


def _move(actor, unit, data):
    return services.unit_move(actor=actor, units=[unit], new_parent=data["new_parent"],
                              effective_date=data["effective_date"], note=data["note"])


def _close(actor, unit, data):
    return services.unit_close(actor=actor, unit=unit, effective_date=data["effective_date"],
                               move_children_to=data["move_children_to"], note=data["note"])


def _merge(actor, unit, data):
    new_unit = None
    if not data.get("into"):
        new_unit = services.NewUnit(code=data["new_code"], name=data["new_name"], level=unit.level, kind=unit.kind)
    return services.unit_merge(actor=actor, sources=data["other_codes"], effective_date=data["effective_date"],
                               into=data.get("into"), new_unit=new_unit, parent=data.get("parent"),
                               note=data["note"])


def _split(actor, unit, data):
    new_units = [services.NewUnit(code=code, name=name, level=unit.level, kind=unit.kind)
                 for code, name in data["new_units"]]
    return services.unit_split(actor=actor, source=unit, new_units=new_units, assignment=data["assignment"],
                               effective_date=data["effective_date"], note=data["note"])


# kind -> (title, form, service call)
REORGANISATIONS = {
    Reorganisation.Kind.RENAME.value: ("Đổi tên", forms.RenameForm, _rename),
    Reorganisation.Kind.MOVE.value: ("Chuyển đơn vị cấp trên", forms.MoveForm, _move),
    Reorganisation.Kind.MERGE.value: ("Hợp nhất", forms.MergeForm, _merge),
    Reorganisation.Kind.SPLIT.value: ("Chia tách", forms.SplitForm, _split),
    Reorganisation.Kind.CLOSE.value: ("Giải thể", forms.CloseForm, _close),
}


@require_http_methods(["GET", "POST"])
def reorganise(request, code, kind):
    """Form → preview (dry run, rolled back) → confirm (validated and applied again)."""
    unit = get_visible_unit_or_404(request.user, code)
    require_staff(request.user)
    if kind not in REORGANISATIONS:
        raise Http404("Không có loại sắp xếp này.")
    title, form_class, apply = REORGANISATIONS[kind]
    form = form_class(request.POST if request.method == "POST" else None, unit=unit)
    context = {"unit": unit, "kind": kind, "title": title, "form": form}
    step = request.POST.get("buoc", "xem-truoc")
    if request.method == "POST" and step != "sua" and form.is_valid():
        data = form.cleaned_data
        try:
            if step == "xac-nhan":
                apply(request.user, unit, data)
                messages.success(request, f"Đã áp dụng: {title.lower()} {unit.code}, "
                                          f"hiệu lực từ {data['effective_date']:%d/%m/%Y}.")
                detail_url = reverse("organisation:detail", args=[unit.code])
                return redirect(f"{detail_url}?ngay={data['effective_date']:%d/%m/%Y}")
            changes = services.reorganisation_dry_run(lambda: apply(request.user, unit, data),
                                                      effective_date=data["effective_date"])
            unit.refresh_from_db()
            return render(request, "organisation/reorganise_preview.html", {**context, "changes": changes,
                                                                      "effective_date": data["effective_date"]})
        except ValidationError as error:
            unit.refresh_from_db()
            for message in _errors(error):
                form.add_error(None, message)
    return render(request, "organisation/reorganise.html", context)
