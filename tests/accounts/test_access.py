from unionreport.accounts.access import can_change, can_see, visible_units


def test_it_shows_an_officer_only_its_own_cdcs(officer_a, cdcs_a, cdcs_b):
    assert [u.code for u in visible_units(officer_a)] == ["CDCS-A"]
    assert not can_see(officer_a, cdcs_b)


def test_it_shows_an_upper_officer_its_subtree(upper_officer_a, cdcs_a, cdcs_b):
    assert sorted(u.code for u in visible_units(upper_officer_a)) == ["CDCS-A", "TPNB"]


def test_it_lets_leadership_see_but_not_change(leader, cdcs_a):
    assert can_see(leader, cdcs_a)
    assert not can_change(leader, cdcs_a)
