"""A record's audit trail, read from django-simple-history: who, when, which fields, before → after.

Rows written by a bulk import carry their `batch`; such a history record is shown as one
entry naming the import (the returns app keeps the file) rather than as field changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.text import capfirst

from unionreport.core.models import ImportBatch
from unionreport.lib.formatting import format_date, format_int, format_number

PLAIN_INT_FIELDS = {"year", "birth_year", "order"}
ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    action: str
    batch: ImportBatch | None = None
    changes: list[Change] = field(default_factory=list)


def display_value(model_field: models.Field, value, related: dict | None = None, shown: dict | None = None) -> str:
    """A stored value as people read it: choices by label, 1.500.000, 05/12/2024, Có/Không (`shown`: the kind's
    own readings, e.g. a figure key by its label)."""
    if value is None or value == "":
        return "—"
    if shown and model_field.name in shown:
        return shown[model_field.name](value)
    if model_field.is_relation:
        obj = (related or {}).get(value)
        return str(obj) if obj is not None else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, int) and model_field.name not in PLAIN_INT_FIELDS:
        return format_int(value)
    return str(value)


def history_entries(obj: models.Model, shown: dict | None = None) -> list[HistoryEntry]:
    """Newest first; a constant number of queries whatever the length of the history."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))
    model = type(obj)
    relations = {f.name: f for f in model._meta.concrete_fields if f.is_relation and f.name != "batch"}
    related: dict[str, dict] = {}
    for name, rel_field in relations.items():
        ids = {getattr(r, rel_field.attname) for r in records} - {None}
        related[name] = rel_field.related_model.objects.in_bulk(ids) if ids else {}
    batch_ids = {getattr(r, "batch_id", None) for r in records} - {None}
    batches = ImportBatch.objects.select_related("created_by").in_bulk(batch_ids) if batch_ids else {}
    entries = []
    for index, record in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        user = record.history_user
        entry = HistoryEntry(
            when=record.history_date,
            who=(user.get_full_name() or user.username) if user else "Hệ thống",
            action=ACTIONS.get(record.history_type, record.history_type),
        )
        batch_id = getattr(record, "batch_id", None)
        if batch_id and (older is None or getattr(older, "batch_id", None) != batch_id):
            entry.batch = batches.get(batch_id)
            entry.action = "Nhập từ báo cáo Excel"
            if entry.batch and entry.batch.created_by:
                entry.who = entry.batch.created_by.get_full_name() or entry.batch.created_by.username
        elif older is not None and record.history_type == "~":
            delta = record.diff_against(older, excluded_fields=["batch"])
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                rel = related.get(change.field)
                entry.changes.append(Change(
                    label=capfirst(str(model_field.verbose_name)),
                    old=display_value(model_field, change.old, rel, shown),
                    new=display_value(model_field, change.new, rel, shown),
                ))
        entries.append(entry)
    return entries


def field_rows(obj: models.Model, names: list[str] | None = None, shown: dict | None = None) -> list[tuple[str, str]]:
    """(label, displayed value) for a detail page."""
    rows = []
    for model_field in obj._meta.concrete_fields:
        if model_field.name in ("id", "batch") or (names and model_field.name not in names):
            continue
        if model_field.is_relation:
            target = getattr(obj, model_field.name)
            text = str(target) if target is not None else "—"
        else:
            text = display_value(model_field, getattr(obj, model_field.attname), shown=shown)
        rows.append((capfirst(str(model_field.verbose_name)), text))
    return rows
