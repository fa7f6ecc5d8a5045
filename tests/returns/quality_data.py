"""Last year's stored figures of a CĐCS (2023, before the 2024 return of tests/returns/conftest.py), written
through the bulk services the import uses, and an upload with a planted outlier."""

import datetime as dt

from tests.returns.conftest import WORKFORCE
from unionreport.core.services import import_batch_create
from unionreport.members.bulk import workforce_replace
from unionreport.returns.excel import layout as L
from unionreport.welfare.bulk import disbursements_replace

LAST_YEAR = 2023


def store_last_year(unit, *, welfare_vnd: int = 60_750_000, workforce=None):
    """2023: the workforce of the 2024 file and 220 lượt of welfare worth `welfare_vnd` in all."""
    batch = import_batch_create(unit=unit, year=LAST_YEAR, source="test", description="năm trước")
    names = [f.name for f in L.WORKFORCE.fields]
    workforce_replace(unit=unit, year=LAST_YEAR, values=dict(zip(names, workforce or WORKFORCE, strict=True)),
                      batch=batch)
    disbursements_replace(unit=unit, year=LAST_YEAR, batch=batch, rows=[
        {"date": dt.date(2023, 2, 1), "occasion": "tet", "form": "gift", "person_times": 120,
         "amount_vnd": welfare_vnd * 4 // 5, "source": "union_funds", "description": ""},
        {"date": dt.date(2023, 5, 10), "occasion": "workers_month", "form": "meal", "person_times": 100,
         "amount_vnd": welfare_vnd // 5, "source": "employer", "description": ""},
    ])


def outlier_welfare():
    """The 2024 welfare rows of the filled workbook with the Tết money raised so that the year's welfare is 20× last
    year's (1.215.000.000 đồng against 60.750.000; 10.000.000 đồng a lượt at Tết)."""
    return [[1, dt.date(2024, 2, 1), "Tết Nguyên đán", "Tặng quà", 120, "1.200.000.000", "Tài chính công đoàn", ""],
            [2, "10/05/2024", "Tháng Công nhân", "Bữa cơm công đoàn", 100, 15_000_000, "Doanh nghiệp", ""]]
