"""A record's page shows who changed which field from what to what; an import shows as one entry."""

from django.urls import reverse

from tests.members import factories
from unionreport.core.models import ImportBatch
from unionreport.entry.history import history_entries
from unionreport.welfare.models import Disbursement


def test_it_lists_changes_with_labels_and_vietnamese_values(client, staff, cdcs_a, db):
    client.force_login(staff)
    client.post(reverse("welfare:create"), factories.valid_post("welfare:", cdcs_a))
    row = Disbursement.objects.get()
    client.post(reverse("welfare:update", args=[row.pk]),
                factories.valid_post("welfare:", cdcs_a) | {"amount_vnd": "2.000.000", "occasion": "hardship"})
    entries = history_entries(row)
    assert [e.action for e in entries] == ["Sửa", "Tạo mới"]
    changes = {(c.label, c.old, c.new) for c in entries[0].changes}
    assert changes == {("Số tiền (đồng)", "1.500.000", "2.000.000"),
                       ("Dịp", "Tết Nguyên đán", "Ốm đau, hoàn cảnh khó khăn")}
    assert entries[0].who == staff.get_full_name() or staff.username


def test_it_shows_a_bulk_import_as_one_entry_naming_the_batch(client, staff, cdcs_a, db,
                                                              django_assert_max_num_queries):
    batch = ImportBatch.objects.create(unit=cdcs_a, year=2024, created_by=staff, description="Báo cáo năm 2024")
    row = factories.disbursement(cdcs_a, batch=batch)
    row.amount_vnd = 1
    row.save()
    client.force_login(staff)
    with django_assert_max_num_queries(14):  # + the aggregates' lock rule, the bell's unread count
        html = client.get(reverse("welfare:detail", args=[row.pk])).content.decode()
    assert "Nhập từ báo cáo Excel" in html and f"Lần nhập #{batch.pk}" in html
    entries = history_entries(row)
    assert [e.action for e in entries] == ["Sửa", "Nhập từ báo cáo Excel"]
    assert entries[1].batch == batch


def test_it_names_the_unit_in_a_changed_foreign_key(staff, cdcs_a, district_a, db):
    row = factories.disbursement(cdcs_a)
    row.unit = district_a
    row.save()
    change = history_entries(row)[0].changes[0]
    assert (change.label, change.old, change.new) == ("Đơn vị", str(cdcs_a), str(district_a))
