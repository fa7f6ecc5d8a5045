"""The filters every domain list shares: the year (2000–2100), and the unit with its subtree.

A list opens on the reporting year (`core.reporting_year.default_year`, the year the dashboard
shows); "Tất cả các năm" (`?year=tat-ca`) lists every year. A refused year or unit lists nothing
(never every row) and says why on the field, in Vietnamese.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict

from unionreport.accounts.access import visible_units
from unionreport.core.reporting_year import default_year
from unionreport.lib.formatting import format_date
from unionreport.lib.years import YearField, year_end, year_from_text
from unionreport.units.models import Unit
from unionreport.units.selectors import by_level, subtree_ids

MAX_LISTED_IDS = 10_000  # a unit filter's subtree up to this size is passed as a list of ids


def _visible_units(request):
    return visible_units(request.user).order_by("code")


class _OfferedUnits(ModelChoiceIterator):
    """The options of the unit select: the offered units only, grouped by level."""

    def __init__(self, field):
        super().__init__(field)
        if getattr(field, "offered", None) is not None:
            self.queryset = field.offered

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for unit in self.queryset:
            groups.setdefault(unit.get_level_display(), []).append(self.choice(unit))
        yield from groups.items()


class UnitChoiceField(forms.ModelChoiceField):
    """Accepts any unit of its queryset (the visible ones) but offers only `offered` as options.

    At province scale the visible units are thousands of CĐCS; the select lists the units
    above them (a few hundred at most) and the CĐCS is typed by its code next to it.
    """

    iterator = _OfferedUnits
    offered = None

    def label_from_instance(self, unit) -> str:
        """A closed unit says so: its rows of later years are under the units that took over its CĐCS."""
        return f"{unit} – ngừng hoạt động từ {format_date(unit.valid_to)}" if unit.valid_to else str(unit)

    def offer(self, units) -> None:
        self.offered = units
        self.widget.choices = self.choices




ALL_YEARS = "tat-ca"
ALL_YEARS_LABEL = "Tất cả các năm"


class _YearSelect(forms.Select):
    """The years around the reporting year, "Tất cả các năm", and the chosen year (whatever it is)."""

    def get_context(self, name, value, attrs):
        current = default_year()
        years = set(range(current - 5, current + 2))
        chosen = year_from_text(value)
        if chosen:
            years.add(chosen)
        self.choices = [(ALL_YEARS, ALL_YEARS_LABEL), *((str(y), str(y)) for y in sorted(years, reverse=True))]
        return super().get_context(name, value, attrs)


class ListYearField(YearField):
    """A reporting year, or every year (`tat-ca` → None)."""

    widget = _YearSelect

    def __init__(self, *args, **kwargs):
        kwargs["widget"] = _YearSelect
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if str(value).strip() == ALL_YEARS:
            return None
        return super().to_python(value)


class YearFilter(django_filters.NumberFilter):
    field_class = ListYearField


class YearFilterSet(django_filters.FilterSet):
    """The year filter every list has; subclasses set `year_lookup` ("year", "date__year"...).

    Without a year in the query string the list shows the reporting year (bound as if chosen, so the
    select shows it and the totals name it)."""

    year = YearFilter(label="Năm", method="filter_year")
    year_lookup = "year"

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("year"):
            data["year"] = str(default_year())
        super().__init__(data, *args, **kwargs)

    def filter_year(self, queryset, name, year):
        return queryset.filter(**{self.year_lookup: year})

    def filter_queryset(self, queryset):
        if "year" in self.form.errors:
            return queryset.none()  # a refused year (99999) lists nothing rather than every year
        return super().filter_queryset(queryset)

    @property
    def period_label(self) -> str:
        """What the totals add up: "năm 2024", or "tất cả các năm"."""
        year = self.form.cleaned_data.get("year") if hasattr(self.form, "cleaned_data") else None
        return f"năm {year}" if year else ALL_YEARS_LABEL.lower()


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class UnitYearFilterSet(YearFilterSet):
    """Adds the unit: its subtree as of 31/12 of the chosen year (or of this year).

    Two fields choose it: a select of the visible units above grassroots level (`unit`, by id)
    and a text field for any visible unit's code (`ma_don_vi`, mostly a CĐCS). Both given:
    the rows under both. A unit the user may not see answers a Vietnamese message and no rows.
    """

    unit = UnitFilter(label="Đơn vị (gồm cấp dưới)", queryset=_visible_units, method="filter_subtree")
    ma_don_vi = django_filters.CharFilter(label="Mã CĐCS (gồm cấp dưới)", method="filter_code")

    UNIT_FIELDS = ("unit", "ma_don_vi")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.form.fields.get("unit")
        if isinstance(field, UnitChoiceField):
            field.offer(self._offered_units())
        code = self.form.fields.get("ma_don_vi")
        if code is not None:
            code.widget.attrs.update({"placeholder": "VD: CS0096", "maxlength": 32, "autocomplete": "off",
                                      "spellcheck": "false"})

    def _offered_units(self):
        """Visible units above grassroots level, the user's own unit and the chosen one."""
        user = getattr(self.request, "user", None)
        keep = ~Q(level=Unit.Level.GRASSROOTS)
        if user is not None and user.unit_id:
            keep |= Q(pk=user.unit_id)
        chosen = (self.data or {}).get("unit") if self.is_bound else None
        if chosen and str(chosen).isdigit():
            keep |= Q(pk=int(chosen))
        return by_level(visible_units(user).filter(keep) if user is not None else Unit.objects.none())

    def chosen_year(self) -> int:
        """The year whose tree places the units: the chosen one, else (every year) the reporting year."""
        year = self.form.cleaned_data.get("year") if hasattr(self.form, "cleaned_data") else None
        return int(year) if year else default_year()

    def in_subtree(self, queryset, unit):
        """Rows of `unit` and the units under it as of 31/12 of the chosen year.

        The subtree's ids are fetched first (one small query) and passed as a list: with a
        second `IN (subquery)` next to the access rule's, PostgreSQL hash-joins a scan of the
        whole table; with a list it reads the rows of those units through the (unit, date)
        index (welfare list of a 793-unit subtree at full size: aggregate 530 → 115 ms).
        """
        subtree = subtree_ids(unit, year_end(self.chosen_year()))
        ids = list(subtree.values_list("unit_id", flat=True)[:MAX_LISTED_IDS + 1])
        # A subtree near the whole province is read whole anyway; keep the SQL's parameters few.
        return queryset.filter(unit_id__in=subtree if len(ids) > MAX_LISTED_IDS else ids)

    def filter_subtree(self, queryset, name, unit):
        return self.in_subtree(queryset, unit)

    def filter_code(self, queryset, name, code):
        unit_id = getattr(self, "_code_unit_id", None)
        return queryset if unit_id is None else self.in_subtree(queryset, unit_id)

    def _resolve_code(self) -> None:
        """The typed code → a visible unit's id, or a Vietnamese error on the field (before filtering)."""
        code = (self.form.cleaned_data.get("ma_don_vi") or "").strip()
        self._code_unit_id = None
        if not code:
            return
        user = getattr(self.request, "user", None)
        found = visible_units(user).filter(code__iexact=code).values_list("pk", flat=True).first() if user else None
        if found is None:
            self.form.add_error("ma_don_vi", f"Không có đơn vị mã “{code}” trong phạm vi bạn được xem.")
        self._code_unit_id = found

    def filter_queryset(self, queryset):
        if "ma_don_vi" in self.form.fields and "ma_don_vi" in self.form.cleaned_data:
            self._resolve_code()
        if any(name in self.form.errors for name in self.UNIT_FIELDS):
            return queryset.none()  # never fall back to every row when the unit asked for is refused
        return super().filter_queryset(queryset)


def label_empty_choice(field, label: str) -> None:
    """The empty choice of a select reads `label` (django-filter's choice fields render their
    choices when built: they are rebuilt after the label changes)."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = label
        return
    choices = list(getattr(field, "choices", None) or [])
    if not choices or choices[0][0] != "":
        return
    if getattr(field, "empty_label", None) is not None:  # django_filters.fields.ChoiceField adds it back
        field.empty_label = label
        field.choices = choices[1:]
    else:
        field.choices = [("", label), *choices[1:]]
