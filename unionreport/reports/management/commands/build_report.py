"""Build the yearly report of a unit as HTML, PDF or Word, into a file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from unionreport.lib.years import year_argument
from unionreport.reports.docx_export import render_docx
from unionreport.reports.management.commands.figures import resolve_unit
from unionreport.reports.pdf import render_pdf, render_print_html
from unionreport.reports.report import build_report


class Command(BaseCommand):
    help = "Lập báo cáo tổng kết năm (HTML, PDF hoặc Word) của một đơn vị."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=year_argument, required=True)
        parser.add_argument("--unit", help="mã đơn vị (mặc định: LĐLĐ tỉnh)")
        parser.add_argument("--format", choices=["html", "pdf", "docx"], default="pdf")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, year, unit=None, format="pdf", output, **options):
        report = build_report(resolve_unit(unit), year, links=False)
        path = Path(output)
        if format == "html":
            path.write_text(render_print_html(report), encoding="utf-8")
        elif format == "pdf":
            path.write_bytes(render_pdf(report))
        else:
            path.write_bytes(render_docx(report))
        self.stdout.write(f"Đã ghi {path} ({path.stat().st_size:,} byte).".replace(",", "."))
