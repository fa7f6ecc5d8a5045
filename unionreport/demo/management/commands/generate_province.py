"""`python manage.py generate_province`: a synthetic province of real size, for benchmarks and load tests.

The logic lives in `unionreport.demo.province` (the benchmark suite uses it too); this is the entry point.
"""

from django.core.management.base import BaseCommand, CommandError

from unionreport.lib.formatting import format_int as vn_int
from unionreport.lib.years import year_argument


class Command(BaseCommand):
    help = ("Sinh một tỉnh giả lập có quy mô thật (đơn vị theo thời kỳ, đoàn viên, chăm lo, Mái ấm, thi đua, "
            "báo cáo năm) để đo hiệu năng. Cùng --seed cho cùng dữ liệu. --size province: tỉnh trước sáp nhập "
            "(5.000 CĐCS, 500.000 đoàn viên, 1.000.000 khoản chăm lo mỗi năm 2024–2025); --size merged: tỉnh sau "
            "sáp nhập 01/07/2025 (12.000 CĐCS dưới khoảng 130 công đoàn xã, phường và 8 công đoàn ngành, khu; "
            "1.200.000 đoàn viên; 2.500.000 khoản chăm lo mỗi năm 2025–2026; hai tỉnh sáp nhập vào có số liệu "
            "tổng hợp 2023–2024). Các tùy chọn --cdcs, --members… ghi đè cỡ đã chọn.")

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["province", "merged"], default="province",
                            help="cỡ có sẵn: province (mặc định, tỉnh hôm nay) hoặc merged (tỉnh sau sáp nhập)")
        parser.add_argument("--cdcs", type=int, help="số CĐCS (province: 5.000; merged: 12.000)")
        parser.add_argument("--members", type=int, help="tổng số đoàn viên (province: 500.000; merged: 1.200.000)")
        parser.add_argument("--welfare", type=int,
                            help="số khoản chăm lo mỗi năm (province: 1.000.000; merged: 2.500.000)")
        parser.add_argument("--years", type=int, help="số năm có số liệu (mặc định 2)")
        parser.add_argument("--year", type=year_argument,
                            help="năm cuối có số liệu (province: 2025; merged: 2026)")
        parser.add_argument("--communes", type=int, help="số công đoàn xã, phường (merged: 130)")
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")
        parser.add_argument("--wipe", "--force", dest="wipe", action="store_true",
                            help="XÓA toàn bộ đơn vị và số liệu kèm theo đang có trước khi sinh")

    def handle(self, *args, size, seed, wipe, **options):
        from unionreport.demo.province import SIZES, ProvinceExists, generate_province

        sizes = dict(SIZES[size])
        sizes.update({k: options[k] for k in ("cdcs", "members", "welfare", "years", "year", "communes")
                      if options.get(k) is not None})
        if min(sizes["cdcs"], sizes["years"]) < 1 or min(sizes["members"], sizes["welfare"]) < 0:
            raise CommandError("--cdcs và --years phải ≥ 1; --members và --welfare không được âm.")
        try:
            result = generate_province(**sizes, seed=seed, wipe=wipe, stream=self.stderr._out)
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
        if result.extra.get("aggregate_figures"):
            self.stdout.write(f"  {'reports_aggregatefigure':<40} {vn_int(result.extra['aggregate_figures']):>12}"
                              "  (số liệu tổng hợp 2 năm trước của các tỉnh sáp nhập vào)")
        if "summary_seconds" in result.extra:
            seconds = result.extra["summary_seconds"]
            self.stdout.write(f"  Bảng tổng hợp: {seconds:.1f} giây (đã tính trong thời gian trên).")
