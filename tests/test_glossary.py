"""One term per concept (docs/glossary.md): the retired variants appear nowhere users read."""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
# retired variant -> the term to use (docs/glossary.md, last column)
RETIRED = {
    "Cđcs": "CĐCS", "cđcs": "CĐCS", "Trễ hạn": "Nộp muộn", "trễ hạn": "nộp muộn",
    "Báo cáo năm (Excel)": "Báo cáo năm", "đóng từ": "ngừng hoạt động từ", "kết thúc hoạt động": "ngừng hoạt động",
    "giải thể từ": "ngừng hoạt động từ", "Chăm lo – Khác": "Chăm lo dịp/hình thức/nguồn Khác",
}
# Where users read words: page templates, static scripts, and the application's Python (messages, labels, the
# PDF, Word and Excel writers). Migrations keep history; the units model's field label changes with its own
# migration (the dated hierarchy belongs to the reorganisation work).
SKIP = re.compile(r"/migrations/|unionreport/units/models\.py$")


def _files():
    for folder, pattern in (("templates", "*.html"), ("static", "*.js"), ("unionreport", "*.py")):
        for path in sorted((ROOT / folder).rglob(pattern)):
            if not SKIP.search(path.as_posix()):
                yield path


def test_it_lists_every_retired_variant_in_the_glossary():
    glossary = (ROOT / "docs" / "glossary.md").read_text()
    for variant in RETIRED:
        assert f"`{variant}`" in glossary, variant


@pytest.mark.parametrize("variant", sorted(RETIRED))
def test_it_uses_one_term_per_concept(variant):
    found = [f"{path.relative_to(ROOT)}:{number}" for path in _files()
             for number, line in enumerate(path.read_text().splitlines(), 1) if variant in line]
    assert not found, f"“{variant}” → viết “{RETIRED[variant]}”: {found}"
