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
    name: str
    value: float
    unit: str
    baseline: float | None = None
    goal: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline

    def as_dict(self) -> dict:
        return asdict(self) | {"ratio": self.ratio}


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


def timed_get(client, url: str, repeat: int = 3) -> tuple[float, int, int]:
    """(best seconds, queries of one request, status code) of GET `url`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the next request's `request_started` clears the query log
    seconds = best_of(lambda: client.get(url), repeat)
    return seconds, queries, response.status_code
