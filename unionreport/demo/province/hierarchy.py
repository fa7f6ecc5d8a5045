"""The synthetic province's dated hierarchy, built in memory (a few thousand units).

    LĐLĐ tỉnh Ninh Bình
    ├── 8 LĐLĐ huyện/thành phố ── CĐCS        (until 01/07/2025; TPNB + HL → TP Hoa Lư on 01/01/2025)
    ├── Công đoàn ngành Giáo dục, Y tế, các KCN ── CĐCS   (continue)
    └── Công đoàn xã, phường (from 01/07/2025) ── the districts' CĐCS

Merged (`merged=True`, `generate_province --size merged`): LĐLĐ tỉnh Hà Nam and LĐLĐ tỉnh Nam Định, each
holding its CĐCS directly, are absorbed on 01/07/2025 (their CĐCS move to the new communes, their
2023–2024 come as aggregate history) and eight sector/zone unions continue beside the communes.

Periods are half-open [valid_from, valid_to). The closure table is computed by
`unionreport.units.paths.compute_paths`, the rule the reorganisation services use.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field

from unionreport.demo.province import names

PROVINCE_FROM = dt.date(1990, 1, 1)
UPPER_FROM = dt.date(2000, 1, 1)
ABSORBED_FROM = dt.date(1997, 1, 1)  # Hà Nam and Nam Định re-established (after the province: one root)
MERGE_DAY = dt.date(2025, 1, 1)
DISTRICTS_CLOSE = dt.date(2025, 7, 1)
CDCS_PER_COMMUNE = 40
PROVINCE_CODE = "LDLDNB"
PROVINCE_NAME = "LĐLĐ tỉnh Ninh Bình"

# Share of CĐCS per upper-level unit, and the employer kinds under it.
AREA_WEIGHTS = {"TPNB": 10, "TD": 5, "HL": 6, "GV": 6, "NQ": 7, "YK": 7, "YM": 6, "KS": 7, "GD": 14, "YT": 5,
                "KCN": 12}
# The merged province: the absorbed provinces' CĐCS go to communes, which hold most of the CĐCS.
MERGED_WEIGHTS = {"TPNB": 10, "TD": 5, "HL": 6, "GV": 6, "NQ": 7, "YK": 7, "YM": 6, "KS": 7, "LDLDHNA": 25,
                  "LDLDNDI": 40, "GD": 6, "YT": 3, "KCN": 4, "VC": 2, "GTXD": 1.5, "NNPTNT": 1.5, "KKTND": 1,
                  "KCNHN": 2}
DISTRICT_KINDS = (("enterprise", 45), ("administrative", 35), ("school", 12), ("health", 8))
# Median size (members) and spread of a CĐCS by kind: lognormal(mu, sigma).
SIZE = {"enterprise": (4.0, 1.0), "kcn": (5.3, 0.9), "school": (3.4, 0.4), "health": (3.6, 0.6),
        "administrative": (3.0, 0.6)}


@dataclass
class GenUnit:
    id: int
    code: str
    name: str
    level: str
    kind: str
    valid_from: dt.date
    valid_to: dt.date | None
    periods: list[tuple[int | None, dt.date, dt.date | None]] = field(default_factory=list)  # parent, from, to
    origin: str = "founded"  # units.Unit.Origin
    closure: str = ""  # units.Unit.Closure, when it closes
    closure_reason: str = ""

    def window(self, year: int) -> tuple[int, int] | None:
        """[first, last+1) ordinals of the days the unit is open in `year`, or None."""
        lo = max(self.valid_from, dt.date(year, 1, 1)).toordinal()
        hi = min(self.valid_to or dt.date(year + 1, 1, 1), dt.date(year + 1, 1, 1)).toordinal()
        return (lo, hi) if lo < hi else None


@dataclass
class Grassroots:
    unit: GenUnit
    index: int
    weight: float
    members: int = 0
    first_number: int = 0  # members are numbered first_number .. first_number + members - 1


@dataclass
class Hierarchy:
    province: GenUnit
    uppers: list[GenUnit]
    communes: list[GenUnit]
    grassroots: list[Grassroots]
    events: list[tuple[str, dt.date, str, list[int]]]  # kind, date, summary, unit ids
    absorbed: list[GenUnit] = field(default_factory=list)  # provinces absorbed on 01/07/2025 (merged only)
    # (predecessor id, successor id, event index): who took over a unit closed by a merger (units.Succession)
    successions: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def units(self) -> list[GenUnit]:
        return [self.province, *self.uppers, *self.communes, *(g.unit for g in self.grassroots)]


def _pick(rng: random.Random, weighted) -> str:
    total = sum(w for _, w in weighted)
    x = rng.random() * total
    for value, weight in weighted:
        x -= weight
        if x < 0:
            return value
    return weighted[-1][0]


def _random_day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return dt.date.fromordinal(lo.toordinal() + int(rng.random() * max(1, (hi - lo).days)))


def _clip(segments, start: dt.date, end: dt.date | None):
    """The parts of [(parent, from, to)] that fall within [start, end)."""
    far = dt.date.max
    out = []
    for parent, lo, hi in segments:
        a, b = max(lo, start), min(hi or far, end or far)
        if a < b:
            out.append((parent, a, None if b == far else b))
    return out


def build(*, seed: int, cdcs: int, members: int, first_year: int, last_year: int, next_id: int,
          merged: bool = False, communes: int | None = None) -> Hierarchy:
    """`communes`: how many commune unions (default: one per CDCS_PER_COMMUNE CĐCS of the districts)."""
    rng = random.Random(f"{seed}:hierarchy")
    ids = iter(range(next_id, next_id + 10_000_000))
    province = GenUnit(next(ids), PROVINCE_CODE, PROVINCE_NAME, "province", "federation", PROVINCE_FROM, None)
    province.periods = [(None, PROVINCE_FROM, None)]
    by_code: dict[str, GenUnit] = {}
    absorbed = []
    if merged:
        for code, name in names.ABSORBED:
            unit = GenUnit(next(ids), code, name, "province", "federation", ABSORBED_FROM, DISTRICTS_CLOSE,
                           closure="merged")
            unit.periods = [(None, ABSORBED_FROM, DISTRICTS_CLOSE)]
            by_code[code] = unit
            absorbed.append(unit)
    for code, name in names.DISTRICTS:
        closes = MERGE_DAY if code in names.MERGED_SOURCES else DISTRICTS_CLOSE
        by_code[code] = GenUnit(next(ids), code, name, "upper", "district", UPPER_FROM, closes)
    for code, name, kind in (*names.SECTORS, *(names.MERGED_SECTORS if merged else ())):
        by_code[code] = GenUnit(next(ids), code, name, "upper", kind, UPPER_FROM, None)
    city = GenUnit(next(ids), *names.MERGED_CITY, "upper", "district", MERGE_DAY, DISTRICTS_CLOSE, origin="merger")
    for unit in by_code.values():
        # the merged districts, and every district when the districts ended (the absorbed provinces: merged)
        if unit.valid_to is not None and unit not in absorbed:
            unit.closure = "merged" if unit.code in names.MERGED_SOURCES else "dissolved"
            unit.closure_reason = "" if unit.code in names.MERGED_SOURCES else "khac"
    city.closure, city.closure_reason = "dissolved", "khac"
    uppers = [u for u in by_code.values() if u not in absorbed] + [city]
    for unit in uppers:
        unit.periods = [(province.id, unit.valid_from, unit.valid_to)]
    if merged:  # the zone union of Hà Nam came with its province
        zone = by_code["KCNHN"]
        zone.periods = [(absorbed[0].id, UPPER_FROM, DISTRICTS_CLOSE), (province.id, DISTRICTS_CLOSE, None)]

    data_start, data_end = dt.date(first_year, 1, 1), dt.date(last_year + 1, 1, 1)
    areas = list((MERGED_WEIGHTS if merged else AREA_WEIGHTS).items())
    grassroots: list[Grassroots] = []
    area_of: dict[int, str] = {}
    for index in range(cdcs):
        area = _pick(rng, areas)
        kind = {"GD": "school", "YT": "health", "KCN": "enterprise"}.get(area) or _pick(rng, DISTRICT_KINDS)
        mu, sigma = SIZE["kcn" if area == "KCN" else kind]
        weight = rng.lognormvariate(mu, sigma)
        founded = _random_day(rng, UPPER_FROM, data_start)
        if rng.random() < 0.03 * (last_year - first_year + 1):
            founded = _random_day(rng, data_start, data_end)  # a new CĐCS in the reporting years
        closed = None
        if rng.random() < 0.01 * (last_year - first_year + 1):
            closed = _random_day(rng, max(founded + dt.timedelta(days=30), data_start), data_end)
        code = f"CS{index + 1:05d}"
        unit = GenUnit(next(ids), code, names.grassroots_name(kind, index + 1, rng), "grassroots", kind, founded,
                       closed, closure="dissolved" if closed else "",
                       closure_reason="doanh_nghiep_giai_the" if closed else "")
        grassroots.append(Grassroots(unit, index, weight))
        area_of[unit.id] = area

    communes_, events = _reorganise(province, by_code, city, grassroots, area_of, ids, absorbed, communes, rng)
    _allocate_members(grassroots, members)
    successions = [(by_code[code].id, city.id, 0) for code in names.MERGED_SOURCES]
    successions += [(unit.id, province.id, len(events) - 1) for unit in absorbed]
    return Hierarchy(province, [*uppers, *absorbed], communes_, grassroots, events, absorbed, successions)


def _commune_slots(count: int, size: int, rng: random.Random, uneven: bool) -> list[int]:
    """Which of `count` communes each of `size` CĐCS goes to: in turn, or (merged) in blocks of uneven sizes
    (half to one and a half times the mean), so that some commune unions hold about 100 CĐCS."""
    if not uneven:
        return [position % count for position in range(size)]
    weights = [0.5 + rng.random() for _ in range(count)]
    bounds, total = [], 0.0
    for weight in weights:
        total += weight
        bounds.append(total)
    return [min(count - 1, bisect.bisect_right(bounds, (position + 0.5) * total / size)) for position in range(size)]


def _reorganise(province, by_code, city, grassroots, area_of, ids, absorbed, commune_count, rng):
    """Communes from 01/07/2025, each CĐCS's periods, and the reorganisation events."""
    district_codes = [code for code, _ in names.DISTRICTS]
    commune_areas = [*district_codes, *(u.code for u in absorbed)]
    per_area: dict[str, list[Grassroots]] = {code: [] for code in commune_areas}
    for g in grassroots:
        if area_of[g.unit.id] in per_area:
            per_area[area_of[g.unit.id]].append(g)
    per_commune = CDCS_PER_COMMUNE
    if commune_count:
        per_commune = max(1.0, sum(len(v) for v in per_area.values()) / commune_count)
    communes: list[GenUnit] = []
    commune_of: dict[int, GenUnit] = {}
    for code in commune_areas:
        members = per_area[code]
        count = max(1, round(len(members) / per_commune)) if members else 0
        local = []
        for _ in range(count):
            number = len(communes) + 1
            prefix = "phường" if code in ("TPNB", "TD", "HL") else "xã"
            unit = GenUnit(next(ids), f"XP{number:03d}", f"Công đoàn {prefix} {names.place(number - 1)}", "commune",
                           "commune", DISTRICTS_CLOSE, None)
            unit.periods = [(province.id, DISTRICTS_CLOSE, None)]
            communes.append(unit)
            local.append(unit)
        for g, slot in zip(members, _commune_slots(count, len(members), rng, bool(absorbed)), strict=True):
            commune_of[g.unit.id] = local[slot]

    closed_with: dict[str, list[int]] = {code: [] for code in [*district_codes, city.code]}
    merged_children: list[int] = []
    absorbed_children: list[int] = []
    absorbed_codes = {u.code for u in absorbed}
    for g in grassroots:
        unit, area = g.unit, area_of[g.unit.id]
        if area in absorbed_codes:
            unit.periods = _clip([(by_code[area].id, UPPER_FROM, DISTRICTS_CLOSE),
                                  (commune_of[unit.id].id, DISTRICTS_CLOSE, None)], unit.valid_from, unit.valid_to)
            if any(hi == DISTRICTS_CLOSE for _parent, _lo, hi in unit.periods):
                absorbed_children.append(unit.id)
            continue
        if area in per_area:
            district = by_code[area]
            segments = [(district.id, UPPER_FROM, district.valid_to)]
            if area in names.MERGED_SOURCES:
                segments.append((city.id, MERGE_DAY, DISTRICTS_CLOSE))
            segments.append((commune_of[unit.id].id, DISTRICTS_CLOSE, None))
        else:
            segments = [(by_code[area].id, UPPER_FROM, None)]
        unit.periods = _clip(segments, unit.valid_from, unit.valid_to)
        for parent, _lo, hi in unit.periods:
            if area in names.MERGED_SOURCES and hi == MERGE_DAY and parent == by_code[area].id:
                merged_children.append(unit.id)
            if hi == DISTRICTS_CLOSE:
                closed_with[city.code if parent == city.id else area].append(unit.id)

    sources = [by_code[code] for code in names.MERGED_SOURCES]
    events = [("merge", MERGE_DAY,
               f"Hợp nhất {', '.join(u.name for u in sources)} thành {city.name} ({city.code})",
               [*(u.id for u in sources), city.id, *merged_children])]
    for district in [*(by_code[c] for c in district_codes if c not in names.MERGED_SOURCES), city]:
        events.append(("close", DISTRICTS_CLOSE, f"Giải thể {district.name} ({district.code})",
                       [district.id, *closed_with[district.code]]))
    if absorbed:
        events.append(("merge", DISTRICTS_CLOSE,
                       f"Sáp nhập {', '.join(u.name for u in absorbed)} vào {province.name} ({province.code})",
                       [*(u.id for u in absorbed), province.id, by_code["KCNHN"].id, *absorbed_children]))
    return communes, events


def _allocate_members(grassroots: list[Grassroots], total: int) -> None:
    """Split `total` members over the CĐCS by weight (largest remainder: the sum is exact)."""
    weight_sum = sum(g.weight for g in grassroots) or 1.0
    floor = 1 if total >= len(grassroots) else 0
    spare = total - floor * len(grassroots)
    shares = [(g, spare * g.weight / weight_sum) for g in grassroots]
    for g, share in shares:
        g.members = floor + int(share)
    left = total - sum(g.members for g in grassroots)
    for g, _share in sorted(shares, key=lambda item: (int(item[1]) - item[1], item[0].index))[:left]:
        g.members += 1
    number = 0
    for g in grassroots:
        g.first_number = number
        number += g.members
