"""Reads of movements, indicators, results, directive documents and year themes.

Movements, documents and themes are the province's: every signed-in user may read
them. Results belong to units and go through the access rule.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Subquery

from unionreport.accounts.access import visible_rows
from unionreport.accounts.models import User
from unionreport.movements.models import (
    DirectiveDocument,
    Indicator,
    Movement,
    MovementResult,
    YearTheme,
)
from unionreport.units.models import Unit


def with_province(queryset: QuerySet) -> QuerySet:
    """Annotate `province_id` (the root unit) in the same query: the province's lists lock with its year."""
    root = Unit.objects.filter(level=Unit.Level.PROVINCE).order_by("valid_from").values("id")[:1]
    return queryset.annotate(province_id=Subquery(root))


def movements_for(user: User) -> QuerySet[Movement]:
    return with_province(Movement.objects.annotate(indicator_count=Count("indicators")))


def indicators_for(user: User) -> QuerySet[Indicator]:
    return with_province(Indicator.objects.select_related("movement"))


def results_for(user: User) -> QuerySet[MovementResult]:
    return (visible_rows(user, MovementResult.objects.all(), year="year")
            .select_related("unit", "indicator", "indicator__movement"))


def directives_for(user: User) -> QuerySet[DirectiveDocument]:
    return with_province(DirectiveDocument.objects.all())


def themes_for(user: User) -> QuerySet[YearTheme]:
    return with_province(YearTheme.objects.all())


def active_indicators(year: int | None = None) -> QuerySet[Indicator]:
    indicators = Indicator.objects.filter(movement__active=True).select_related("movement")
    return indicators.filter(movement__year=year) if year else indicators


def directive_counts(year: int) -> dict[str, int]:
    """{"plan": 6, "breakthrough": 3, ...} for the report's sentence, in one query."""
    return DirectiveDocument.objects.filter(year=year).aggregate(
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in DirectiveDocument.Kind.values})


def year_theme(year: int) -> str:
    return YearTheme.objects.filter(year=year).values_list("theme", flat=True).first() or ""
