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
    merged, _ = unit_merge(actor=staff, sources=[district_a, district_b], effective_date=dt.date(2025, 3, 1),
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


def test_it_updates_only_changed_paths_and_matches_a_full_rebuild(province, district_a, district_b, cdcs_a, cdcs_b,
                                                                  staff):
    from unionreport.units.models import UnitPath
    from unionreport.units.services import rebuild_paths

    untouched = UnitPath.objects.get(unit=cdcs_b, depth=0).pk
    unit_move(actor=staff, units=[cdcs_a], new_parent=district_b, effective_date=dt.date(2025, 1, 1))
    assert UnitPath.objects.get(unit=cdcs_b, depth=0).pk == untouched
    incremental = set(UnitPath.objects.values_list("unit", "ancestor", "depth", "valid_from", "valid_to"))
    UnitPath.objects.all().delete()
    rebuild_paths()
    assert set(UnitPath.objects.values_list("unit", "ancestor", "depth", "valid_from", "valid_to")) == incremental
    assert codes(selectors.subtree(district_b, Y2025)) == ["CDCS-A", "CDCS-B", "GV"]


def test_it_loads_a_structure_at_once_with_events(db):
    from unionreport.units.services import UnitSeed, unit_create_many

    seeds = [
        UnitSeed(NewUnit("P", "Tỉnh", Unit.Level.PROVINCE), None, dt.date(2015, 1, 1)),
        UnitSeed(NewUnit("D", "Huyện", Unit.Level.UPPER), "P", dt.date(2015, 1, 1)),
        UnitSeed(NewUnit("C1", "CĐCS 1", Unit.Level.GRASSROOTS), "D", dt.date(2024, 3, 1)),
        UnitSeed(NewUnit("C2", "CĐCS 2", Unit.Level.GRASSROOTS), "D", dt.date(2015, 1, 1), dt.date(2024, 7, 1)),
    ]
    unit_create_many(actor=None, seeds=seeds)
    root = Unit.objects.get(code="P")
    assert codes(selectors.subtree(root, dt.date(2024, 6, 30))) == ["C1", "C2", "D", "P"]
    assert codes(selectors.subtree(root, Y2024)) == ["C1", "D", "P"]
    assert Reorganisation.objects.filter(kind="create").count() == 4
    assert Reorganisation.objects.get(kind="close").units.get().code == "C2"


@pytest.mark.parametrize("seeds, message", [
    ([("C", "X", "grassroots", "NOPE")], "không tìm thấy đơn vị cấp trên NOPE"),
    ([("P", "T", "province", None), ("C", "X", "grassroots", "P"), ("C2", "Y", "grassroots", "C")],
     "không tìm thấy đơn vị cấp trên C"),
    ([("P", "T", "province", None), ("P", "T", "province", None)], "đã được dùng"),
])
def test_it_refuses_a_bad_structure_and_loads_nothing(db, seeds, message):
    from unionreport.units.services import UnitSeed, unit_create_many

    with pytest.raises(ValidationError, match=message):
        unit_create_many(actor=None, seeds=[UnitSeed(NewUnit(code, name, level), parent, dt.date(2015, 1, 1))
                                            for code, name, level, parent in seeds])
    assert Unit.objects.count() == 0


def test_it_previews_a_reorganisation_without_changing_anything(province, district_a, district_b, cdcs_a, staff):
    from unionreport.units.dry_run import reorganisation_dry_run
    from unionreport.units.models import UnitPath, UnitPeriod

    before = (UnitPeriod.objects.count(), UnitPath.objects.count(), Reorganisation.objects.count())
    changes = reorganisation_dry_run(
        lambda: unit_close(actor=staff, unit=district_a, effective_date=dt.date(2025, 7, 1), move_children_to=province),
        effective_date=dt.date(2025, 7, 1)).changes
    assert [(c.code, c.change) for c in changes] == [("TPNB", "close"), ("CDCS-A", "move")]
    assert changes[1].parent_before == "LĐLĐ Thành phố Ninh Bình (TPNB)"
    assert changes[1].parent_after == "LĐLĐ tỉnh Ninh Bình (TINH)"
    renamed = reorganisation_dry_run(
        lambda: unit_rename(actor=staff, unit=district_a, new_name="Mới", effective_date=dt.date(2025, 1, 1)),
        effective_date=dt.date(2025, 1, 1)).changes
    assert [(c.code, c.change, c.name_after) for c in renamed] == [("TPNB", "rename", "Mới")]
    assert (UnitPeriod.objects.count(), UnitPath.objects.count(), Reorganisation.objects.count()) == before
    with pytest.raises(ValidationError, match="còn 1 đơn vị trực thuộc"):
        reorganisation_dry_run(lambda: unit_close(actor=staff, unit=district_a, effective_date=dt.date(2025, 7, 1)),
                               effective_date=dt.date(2025, 7, 1))


def test_it_recomputes_only_the_moved_subtrees_and_matches_a_full_rebuild(province, district_a, district_b, make_unit,
                                                                          staff):
    from unionreport.units.journal import structure_undo
    from unionreport.units.models import UnitPath, UnitPeriod
    from unionreport.units.paths import PeriodRow, compute_paths
    from unionreport.units.services import unit_split

    def table():
        return set(UnitPath.objects.values_list("unit", "ancestor", "depth", "valid_from", "valid_to"))

    def full():
        return set(compute_paths(PeriodRow(*row) for row in UnitPeriod.objects.values_list(
            "unit_id", "parent_id", "valid_from", "valid_to")))

    xa = make_unit("XA", level=Unit.Level.COMMUNE, parent=district_a)
    xb = make_unit("XB", level=Unit.Level.COMMUNE, parent=district_b)
    cdcs = [make_unit(f"CS{n}", parent=xa if n < 3 else xb) for n in range(5)]
    assert table() == full()
    day = dt.date(2025, 3, 1)
    events = []
    _, event = unit_merge(actor=staff, sources=[xa], into=xb, effective_date=day)  # the CĐCS move across districts
    events.append(event)
    assert table() == full()
    events.append(unit_move(actor=staff, units=[xb], new_parent=province, effective_date=dt.date(2025, 4, 1)))
    assert table() == full()  # a commune moves with its five CĐCS below
    _, event = unit_merge(actor=staff, sources=[district_a, district_b], effective_date=dt.date(2025, 5, 1),
                          new_unit=NewUnit(code="HL", name="LĐLĐ Hoa Lư", level=Unit.Level.UPPER), parent=province)
    events.append(event)
    assert table() == full()
    events.append(unit_move(actor=staff, units=[xb], new_parent=Unit.objects.get(code="HL"),
                            effective_date=dt.date(2025, 6, 1)))
    created, event = unit_split(actor=staff, source=xb, effective_date=dt.date(2025, 7, 1),
                                new_units=[NewUnit(code="X1", name="Xã 1", level=Unit.Level.COMMUNE),
                                           NewUnit(code="X2", name="Xã 2", level=Unit.Level.COMMUNE)],
                                assignment={u.pk: ("X1" if n % 2 else "X2") for n, u in enumerate(cdcs)})
    events.append(event)
    assert table() == full()
    events.append(unit_close(actor=staff, unit=created[0], effective_date=dt.date(2025, 8, 1),
                             move_children_to=created[1]))
    assert table() == full()
    for event in reversed(events):
        structure_undo(actor=staff, event=event)
        assert table() == full()
    assert codes(selectors.subtree(district_a, Y2025)) == ["CS0", "CS1", "CS2", "TPNB", "XA"]
