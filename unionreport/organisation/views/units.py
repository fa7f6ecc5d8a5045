"""The unit tree, a unit's page, creating a unit and its contact data (thin: parse, call a selector or service,
render)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from unionreport.accounts.access import get_visible_unit_or_404, require_staff, visible_unit_ids, visible_units
from unionreport.organisation import forms
from unionreport.organisation import services as services_org
from unionreport.organisation.views.reorganise import REORGANISATIONS
from unionreport.units import selectors, services
from unionreport.units.models import Unit, UnitPeriod


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
    events = unit.reorganisations.select_related("actor", "undone_by").order_by("-effective_date", "-id")
    predecessors = unit.predecessions.select_related("predecessor").order_by("effective_date")
    successors = unit.successions.select_related("successor").order_by("effective_date")
    return render(request, "organisation/detail.html", {
        "unit": unit, "form": form, "as_of": as_of, "period": now, "periods": periods,
        "child_periods": child_periods, "ancestors": ancestors, "visible_ids": visible, "events": events,
        "grassroots_below": selectors.subtree(unit, as_of).filter(level=Unit.Level.GRASSROOTS).count(),
        "kinds": REORGANISATIONS, "can_edit": request.user.is_province_staff,
        "predecessors": predecessors, "successors": successors,
        "undoable": services_org.undoable_event(unit) if request.user.is_province_staff else None,
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
