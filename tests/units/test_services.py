import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from unionreport.units import selectors
from unionreport.units.models import Reorganisation, Unit
from unionreport.units.services import NewUnit, unit_close, unit_merge, unit_move, unit_rename

Y2024 = dt.date(2024, 12, 31)
Y2025 = dt.date(2025, 12, 31)


def codes(qs):
    return sorted(u.code for u in qs)


def test_it_keeps_the_2024_tree_after_a_merge(province, district_a, district_b, cdcs_a, cdcs_b, staff):
    merged = unit_merge(actor=staff, sources=[district_a, district_b], effective_date=dt.date(2025, 3, 1),
                        new_unit=NewUnit(code="HL", name="LĐLĐ Thành phố Hoa Lư", level=Unit.Level.UPPER),
                        parent=province)
    assert codes(selectors.subtree(district_a, Y2024)) == ["CDCS-A", "TPNB"]
    assert codes(selectors.subtree(district_a, Y2025)) == []
    assert codes(selectors.subtree(merged, Y2025)) == ["CDCS-A", "CDCS-B", "HL"]
    assert [u.code for u in selectors.ancestors(cdcs_a, Y2024)] == ["TINH", "TPNB"]
    assert [u.code for u in selectors.ancestors(cdcs_a, Y2025)] == ["TINH", "HL"]
    assert Reorganisation.objects.filter(kind="merge", actor=staff).count() == 1


def test_it_moves_children_when_closing(province, district_a, cdcs_a, staff):
    unit_close(actor=staff, unit=district_a, effective_date=dt.date(2025, 7, 1), move_children_to=province)
    assert selectors.parent_of(cdcs_a, dt.date(2025, 6, 30)) == district_a
    assert selectors.parent_of(cdcs_a, dt.date(2025, 7, 1)) == province
    assert codes(selectors.subtree(province, Y2025)) == ["CDCS-A", "TINH"]


def test_it_refuses_to_close_a_unit_with_children(district_a, cdcs_a, staff):
    with pytest.raises(ValidationError, match="còn 1 đơn vị trực thuộc"):
        unit_close(actor=staff, unit=district_a, effective_date=dt.date(2025, 7, 1))


def test_it_refuses_cycles(district_a, cdcs_a, make_unit, province, staff):
    sub = make_unit("SUB", level=Unit.Level.UPPER, parent=district_a)
    with pytest.raises(ValidationError, match="cấp dưới"):
        unit_move(actor=staff, units=[district_a], new_parent=sub, effective_date=dt.date(2025, 1, 1))


def test_it_keeps_old_names_for_old_dates(district_a, staff):
    unit_rename(actor=staff, unit=district_a, new_name="Tên mới", effective_date=dt.date(2025, 1, 1))
    assert selectors.name_on(district_a, Y2024) == "LĐLĐ Thành phố Ninh Bình"
    assert selectors.name_on(district_a, Y2025) == "Tên mới"
