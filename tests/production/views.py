"""Views used only by the fault tests (see urls.py in this folder)."""

import datetime as dt

from django.db import OperationalError, transaction
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from unionreport.units.models import Unit
from unionreport.welfare.models import Disbursement, Form, Occasion, Source

# The test sets this to a callable run between the delete and the inserts (to kill the backend there).
MIDWAY = {"hook": None}


@require_POST
def replace_welfare(request, unit_code):
    """Like a return import: delete the unit's earlier rows, then insert the new ones, all or nothing."""
    unit = Unit.objects.get(code=unit_code)
    with transaction.atomic():
        Disbursement.objects.filter(unit=unit).delete()
        if MIDWAY["hook"]:
            MIDWAY["hook"]()
        for n in range(3):
            Disbursement.objects.create(unit=unit, date=dt.date(2024, 5, 1 + n), occasion=Occasion.WORKERS_MONTH,
                                        form=Form.GIFT, person_times=10, amount_vnd=9_000_000,
                                        source=Source.UNION_FUNDS)
    return HttpResponse("đã nhập")


def boom(request):
    raise OperationalError("could not connect to server: Connection refused")
