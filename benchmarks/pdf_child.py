"""`python -m benchmarks.pdf_child CODE YEAR`: the yearly report's PDF in a fresh process, as a server worker
builds it; prints JSON {"seconds": best of two, "cpu_seconds": the least CPU time of the two builds (steadier
than the wall clock on a shared machine), "peak_mb": the process's peak resident memory, "kib"}.

A process of its own so that the peak is the PDF's (plus Django's), not the benchmark runner's heap.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main(code: str, year: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreport.settings")
    import django

    django.setup()
    from unionreport.reports.pdf import render_pdf
    from unionreport.reports.report import build_report
    from unionreport.units.models import Unit

    unit = Unit.objects.get(code=code)
    timings, cpu, pdf = [], [], b""
    for _ in range(2):
        start, start_cpu = time.perf_counter(), time.process_time()
        pdf = render_pdf(build_report(unit, year, links=False))
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"seconds": min(timings), "first_seconds": timings[0], "cpu_seconds": min(cpu), "peak_mb": _peak_mb(),
            "kib": len(pdf) // 1024}


def _peak_mb() -> float:
    """This process's peak resident memory. Linux's getrusage keeps the high-water mark of the process before
    exec, here the benchmark runner that started this one (its ~320 MB were reported as the PDF's); the
    kernel's VmHWM is this program's own."""
    from benchmarks.common import peak_rss_mb

    try:
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    except (OSError, StopIteration):
        return peak_rss_mb()


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]))))
