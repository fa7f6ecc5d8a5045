"""`python manage.py generate_province`: a synthetic province of real size, for benchmarks and load tests.

The logic lives in `unionreport.demo.province` (the benchmark suite uses it too); this is the entry point.
"""

from django.core.management.base import BaseCommand, CommandError

from unionreport.lib.formatting import format_int as vn_int
from unionreport.lib.years import year_argument


class Command(BaseCommand):
    help = ("Sinh một tỉnh giả lập có quy mô thật (đơn vị theo thời kỳ, đoàn viên, chăm lo, Mái ấm, thi đua, "
            "báo cáo năm) để đo hiệu năng. Cùng --seed cho cùng dữ liệu.")

    def add_arguments(self, parser):
        parser.add_argument("--cdcs", type=int, default=5000, help="số CĐCS (mặc định 5.000)")
        parser.add_argument("--members", type=int, default=500_000, help="tổng số đoàn viên (mặc định 500.000)")
        parser.add_argument("--welfare", type=int, default=1_000_000,
                            help="số khoản chăm lo mỗi năm (mặc định 1.000.000)")
        parser.add_argument("--years", type=int, default=2, help="số năm có số liệu (mặc định 2)")
        parser.add_argument("--year", type=year_argument, default=2025, help="năm cuối có số liệu (mặc định 2025)")
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")
        parser.add_argument("--wipe", "--force", dest="wipe", action="store_true",
                            help="XÓA toàn bộ đơn vị và số liệu kèm theo đang có trước khi sinh")

    def handle(self, *args, cdcs, members, welfare, years, year, seed, wipe, **options):
        from unionreport.demo.province import ProvinceExists, generate_province

        if min(cdcs, years) < 1 or min(members, welfare) < 0:
            raise CommandError("--cdcs và --years phải ≥ 1; --members và --welfare không được âm.")
        try:
            result = generate_province(cdcs=cdcs, members=members, welfare=welfare, years=years, year=year,
                                       seed=seed, wipe=wipe, stream=self.stderr._out)
        except ProvinceExists as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Đã sinh tỉnh {result.province_code} cho các năm {', '.join(map(str, result.years))}: "
            f"{vn_int(result.total_rows)} dòng trong {result.seconds:.1f} giây "
            f"({vn_int(round(result.rows_per_second))} dòng/giây)."
        ))
        for table, count in sorted(result.rows.items()):
            self.stdout.write(f"  {table:<40} {vn_int(count):>12}")
        for table, count in sorted(result.extra.get("summary_rows", {}).items()):
            self.stdout.write(f"  {table:<40} {vn_int(count):>12}  (bảng tổng hợp, INSERT … SELECT … GROUP BY)")
        if "summary_seconds" in result.extra:
            seconds = result.extra["summary_seconds"]
            self.stdout.write(f"  Bảng tổng hợp: {seconds:.1f} giây (đã tính trong thời gian trên).")
