"""What every benchmark module shares.

A benchmark module is `benchmarks/bench_<topic>.py` with `def run(ctx: Context) -> list[Figure]`.
Each figure is measured against a baseline measured in the same run, on the same data:
`ratio = value / baseline` (for times, < 1 means we beat the baseline; for rates, > 1).
`python -m benchmarks` (make bench) prints one line per figure:
`name  value  unit  baseline  ratio` and writes the same as JSON.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass
class Figure:
    """One measured figure. The checked goals (issue 17): `at_most`/`at_least` on the value, `ratio_at_most`/
    `ratio_at_least` on value / baseline, `equal` (the value equals the baseline: query counts at demo and
    full size). `goal` is the goal as printed; a figure without a check is information only."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    goal: str = ""
    note: str = ""
    at_most: float | None = None
    at_least: float | None = None
    ratio_at_most: float | None = None
    ratio_at_least: float | None = None
    equal: bool = False

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline

    @property
    def checked(self) -> bool:
        return self.equal or any(v is not None for v in (self.at_most, self.at_least, self.ratio_at_most,
                                                         self.ratio_at_least))

    @property
    def missed(self) -> str:
        """Why the goal is missed ("" when met or unchecked)."""
        why = []
        if self.at_most is not None and self.value > self.at_most:
            why.append(f"{self.value:g} > {self.at_most:g} {self.unit}")
        if self.at_least is not None and self.value < self.at_least:
            why.append(f"{self.value:g} < {self.at_least:g} {self.unit}")
        ratio = self.ratio
        if self.ratio_at_most is not None and (ratio is None or ratio > self.ratio_at_most):
            why.append(f"ratio {ratio if ratio is None else round(ratio, 2)} > {self.ratio_at_most:g}")
        if self.ratio_at_least is not None and (ratio is None or ratio < self.ratio_at_least):
            why.append(f"ratio {ratio if ratio is None else round(ratio, 2)} < {self.ratio_at_least:g}")
        if self.equal and self.value != self.baseline:
            why.append(f"{self.value:g} ≠ {self.baseline} (baseline)")
        return "; ".join(why)

    def as_dict(self) -> dict:
        return asdict(self) | {"ratio": self.ratio, "missed": self.missed}


@dataclass
class Context:
    """The generated province the benchmarks run against (filled by the runner)."""

    database_url: str
    year: int
    province_code: str
    extra: dict = field(default_factory=dict)


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of `repeat` runs, in seconds (the least disturbed by the other core's work)."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return min(timings)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- helpers shared by the page benchmarks (added with the runner; the interface above is unchanged) ---

BENCH_USERNAME = "bench_canbo_tinh"


def staff_client():
    """A Django test Client logged in as a provincial staff user of the generated province's root."""
    from django.test import Client

    from unionreport.accounts.models import User
    from unionreport.units.selectors import province_root

    user, _ = User.objects.update_or_create(
        username=BENCH_USERNAME,
        defaults={"role": User.Role.PROVINCE_STAFF, "unit": province_root(), "is_staff": False,
                  "first_name": "Cán bộ đo hiệu năng"},
    )
    client = Client()
    client.force_login(user)
    return client


def officer_client(username: str, role: str, unit, first_name: str = "Cán bộ đo hiệu năng"):
    """A Django test Client logged in as a user of `role` at `unit` (made or updated)."""
    from django.test import Client

    from unionreport.accounts.models import User

    user, _ = User.objects.update_or_create(username=username,
                                            defaults={"role": role, "unit": unit, "first_name": first_name})
    client = Client()
    client.force_login(user)
    return client


def timed_get(client, url: str, repeat: int = 3) -> tuple[float, int, int]:
    """(best seconds, queries of one request, status code) of GET `url`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the next request's `request_started` clears the query log
    seconds = best_of(lambda: client.get(url), repeat)
    return seconds, queries, response.status_code


def page_figures(prefix: str, measured: dict, demo: dict, goal_ms: float, baseline_ms: float | None = None,
                 baseline_note: str = "") -> list[Figure]:
    """A page's time (goal ≤ goal_ms) and its query count (equal to the demo size's)."""
    figures = []
    for name, full in measured.items():
        status = "" if full["status"] == 200 else f"HTTP {full['status']}! "
        base = demo.get(name, {})
        figures.append(Figure(f"{prefix}.{name}", full["ms"], "ms", baseline_ms if baseline_ms is not None
                              else base.get("ms"), goal=f"≤ {goal_ms:g} ms", at_most=goal_ms,
                              note=f"{status}{full['what']}; baseline: {baseline_note or 'same page at demo size'}"))
        figures.append(Figure(f"{prefix}.{name}.queries", full["queries"], "queries", base.get("queries"),
                              goal="= demo size", equal=True, note="query count at full size vs demo size"))
        if full["status"] != 200:
            figures[-2].at_most = -1  # an error page is a missed goal, however fast
    return figures
