"""Returns waiting in the queues: CĐCS A (under TPNB, which has an officer) and CĐCS B (under GV, which has none)."""

import pytest

from tests.returns.conftest import YEAR, as_file, filled, members_of, movement  # noqa: F401 - fixtures
from unionreport.returns import services, workflow


@pytest.fixture
def submitted(staff, officer_a, filled, cdcs_a):  # noqa: F811
    """CĐCS A's 2024 return, uploaded and submitted by its officer."""
    assert services.return_import_file(actor=staff, path_or_file=as_file(filled())).imported
    return workflow.return_submit(actor=officer_a, unit=cdcs_a, year=YEAR)  # trusted: warnings left unexplained


@pytest.fixture
def submitted_b(staff, officer_b, filled, cdcs_b):  # noqa: F811
    assert services.return_import_file(actor=staff, path_or_file=as_file(filled(cdcs_b))).imported
    return workflow.return_submit(actor=officer_b, unit=cdcs_b, year=YEAR)  # trusted: warnings left unexplained
