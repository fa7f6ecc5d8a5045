"""May the last reorganisation of a unit be undone? Only while nothing was recorded for its units after it.

Refused, with the reason in Vietnamese, when a later event involves one of its units; when a unit it
created holds anything the event did not put there (rows, returns, users, children, aggregate history);
when a member it moved was changed since; or when a return or an import of one of its units was
recorded after it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q

from unionreport.core.models import ImportBatch
from unionreport.lib.formatting import format_date
from unionreport.members.models import Member, MemberSummary
from unionreport.returns.models import Return
from unionreport.units.journal import event_units_created
from unionreport.units.models import Reorganisation, Succession, Unit, UnitPath, UnitPeriod

# What a created unit may hold and still go with the undo: the event's own periods, paths, successions,
# members and accounts, and what is derived from them.
OWN = {UnitPath, Succession, MemberSummary}


def _later_event(event: Reorganisation) -> Reorganisation | None:
    later = Q(effective_date__gt=event.effective_date) | Q(effective_date=event.effective_date, pk__gt=event.pk)
    return (Reorganisation.objects.filter(later, units__in=event.units.all(), undone_at__isnull=True)
            .exclude(kind=Reorganisation.Kind.CREATE).order_by("effective_date", "pk").first())


def _foreign_rows(event: Reorganisation, created: list[int]) -> str | None:
    """The first kind of row a created unit holds that the event did not put there, or None."""
    journal = event.journal
    own = {
        UnitPeriod: set(journal.get("structure", {}).get("periods_created", [])),
        Member: set((journal.get("members") or {}).get("created", [])),
    }
    moved_users = {pk for pk, *_ in journal.get("accounts", [])}
    for relation in Unit._meta.related_objects:
        model = relation.related_model
        if model in OWN or relation.many_to_many:
            continue
        rows = model._default_manager.filter(**{f"{relation.field.name}__in": created})
        if model in own:
            rows = rows.exclude(pk__in=own[model])
        if model._meta.label == "accounts.User":
            rows = rows.exclude(pk__in=moved_users)
        if rows.exists():
            return str(model._meta.verbose_name)
    return None


def _members_changed(event: Reorganisation) -> bool:
    log = event.journal.get("members") or {}
    created = log.get("created", [])
    if not created:
        return False
    still = Member.objects.filter(pk__in=created)
    return still.count() != len(created) or still.filter(left_on__isnull=False, left_reason="").exists()


def ensure_undoable(event: Reorganisation) -> None:
    if event.undone_at is not None:
        raise ValidationError("Sự kiện này đã được hoàn tác.")
    later = _later_event(event)
    if later is not None:
        raise ValidationError(f"Không hoàn tác được: sau sự kiện này còn “{later.summary}” "
                              f"(hiệu lực {format_date(later.effective_date)}); hãy hoàn tác sự kiện đó trước.")
    created = event_units_created(event)
    if created:
        foreign = _foreign_rows(event, created)
        if foreign:
            raise ValidationError(f"Không hoàn tác được: đơn vị mới đã có {foreign} được ghi sau khi sắp xếp.")
    if _members_changed(event):
        raise ValidationError("Không hoàn tác được: đoàn viên đã chuyển sang đơn vị kế thừa đã được sửa sau đó.")
    units = event.units.all()
    if (ImportBatch.objects.filter(unit__in=units, created_at__gt=event.created_at).exists()
            or Return.objects.filter(unit__in=units, updated_at__gt=event.created_at).exists()):
        raise ValidationError("Không hoàn tác được: đã có báo cáo, số liệu của các đơn vị này được ghi sau khi "
                              "sắp xếp tổ chức.")
