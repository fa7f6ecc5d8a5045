"""The report's charts, drawn by pygal as SVG on the server: the same bytes on screen and in the PDF.

pygal is told not to link its script (`js=[]`) nor to cut long Vietnamese labels
(`truncate_label=-1`); its text uses the report's serif so the PDF embeds one font only.
The SVG goes into the page as a `data:` image: the page's CSP forbids inline styles, and
an image keeps the chart's own style sheet to itself. Word shows no SVG: the Word file gets
the same SVG drawn as PNG by cairosvg (`Chart.png`).

Every chart is printed `PRINT_WIDTH_MM` wide (the portrait text width): its font sizes are
chosen so that no text is under `MIN_PRINT_PT` on paper, and values are written past the end
of their bar (inside a short bar they covered the category's label).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cached_property, lru_cache

import pygal
from pygal.style import Style

from unionreport.lib.formatting import MILLION, format_decimal, format_int, format_percent
from unionreport.reports.figures import Figures
from unionreport.reports.measures import OCCASION_SLUGS
from unionreport.welfare.models import Occasion

FONT = "'Liberation Serif', 'Times New Roman', serif"
WIDTH = 1000  # the SVG's own width (px)
PRINT_WIDTH_MM = 165  # the width of a chart on paper, PDF and Word alike: A4 portrait less the margins
MIN_PRINT_PT = 8.0
PX_TO_PT = PRINT_WIDTH_MM / 25.4 * 72 / WIDTH  # one SVG pixel on paper, in points (0,468)
LABEL_PX, VALUE_PX, TITLE_PX = 20, 19, 24  # 9,4 pt, 8,9 pt and 11,2 pt on paper
STYLE = Style(
    font_family=FONT, label_font_family=FONT, major_label_font_family=FONT, value_font_family=FONT,
    value_label_font_family=FONT, tooltip_font_family=FONT, title_font_family=FONT, legend_font_family=FONT,
    no_data_font_family=FONT, background="white", plot_background="white", foreground="#222",
    foreground_strong="#111", foreground_subtle="#ccc", colors=("#0b4f8a", "#c0392b", "#27ae60", "#8e44ad"),
    title_font_size=TITLE_PX, label_font_size=LABEL_PX, major_label_font_size=LABEL_PX, value_font_size=VALUE_PX,
    legend_font_size=LABEL_PX, tooltip_font_size=LABEL_PX, value_label_font_size=VALUE_PX, no_data_font_size=LABEL_PX,
)
COMMON = {"style": STYLE, "js": [], "truncate_label": -1, "truncate_legend": -1, "width": WIDTH, "height": 440,
          "disable_xml_declaration": True, "print_values": True, "margin_right": 40, "show_y_guides": True,
          "pretty_print": False}


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()

    @cached_property
    def png(self) -> bytes:
        """The same SVG drawn as PNG at 200 dpi on paper (for Word). cairosvg reads only this string:
        the SVG links nothing (`js=[]`), and `unsafe` stays off so no file or URL is ever fetched."""
        import cairosvg

        width_px = round(PRINT_WIDTH_MM / 25.4 * 200)
        return cairosvg.svg2png(bytestring=self.svg.encode(), output_width=width_px, background_color="white")


class _ValuesPastTheBar:
    """Bars whose printed value stands just past the bar's end (left-aligned), never over a label."""

    def _tooltip_and_print_values(self, serie_node, serie, parent, i, val, metadata, x, y, width, height):
        if not self.horizontal:
            self._tooltip_data(parent, val, x + width / 2, y + height / 2, "centered", self._get_x_label(i))
            self._static_value(serie_node, val, x + width / 2, y - self.style.value_font_size * 0.6, metadata,
                               "middle")
            return
        # Horizontal: pygal computes the bar as a vertical one and swaps the axes; its far end is then at `y`
        # (its start, on the axis, at y + height).
        end = max(y, y + height)
        self._tooltip_data(parent, val, end, x + width / 2, "centered", self._get_x_label(i))
        self._static_value(serie_node, val, end + self.style.value_font_size * 0.4, x + width / 2, metadata, "start")


class HorizontalBar(_ValuesPastTheBar, pygal.HorizontalBar):
    pass


class Bar(_ValuesPastTheBar, pygal.Bar):
    pass


HEADROOM = 1.2  # the axis runs past the longest bar, leaving room for its value


def _ticks(top: float, count: int = 5) -> list[float]:
    """A few round axis values from 0 past `top` and its value (so that the axis labels never overlap)."""
    if top <= 0:
        return [0, 1]
    top *= HEADROOM
    raw = top / (count - 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(count + 1) if step * (i - 1) < top]


# How a chart's values are written on it (a name each: the drawing below is memoised on its arguments).
FORMATTERS = {"millions": lambda v: format_decimal(v, 0), "int": format_int, "percent": format_percent}
KINDS = {"horizontal": HorizontalBar, "vertical": Bar}


@lru_cache(maxsize=512)
def _drawn(kind: str, title: str, series: str, labels: tuple[str, ...], values: tuple[float, ...], formatter: str,
           ticks: tuple[float, ...], options: tuple[tuple[str, object], ...] = ()) -> str:
    """The SVG of one chart, drawn once per process for the same values: pygal takes ~15 ms a chart, and every
    dashboard and report shows two or three (the figures are the same until the next write; a chart of other
    values is drawn anew, so nothing is ever stale)."""
    chart = KINDS[kind](title=title, show_legend=False, value_formatter=FORMATTERS[formatter],
                        **(COMMON | dict(options)))
    chart.x_labels = list(labels)
    chart.y_labels = list(ticks)
    chart.add(series, list(values))
    return chart.render(is_unicode=True)


def welfare_by_occasion(figures: Figures) -> Chart:
    title = "Kinh phí chăm lo theo dịp (triệu đồng)"
    labels = tuple(str(label) for _, label in Occasion.choices)
    values = tuple(figures.get(f"cham_lo.{OCCASION_SLUGS[value]}.tien") / MILLION for value, _ in Occasion.choices)
    return Chart(title, _drawn("horizontal", title, "Triệu đồng", labels, values, "millions",
                               tuple(_ticks(max(values, default=0)))))


def members_over_years(figures: Figures) -> Chart:
    title = "Số đoàn viên cuối năm, 5 năm gần đây"
    labels = tuple(str(year) for year, _ in figures.members_history)
    values = tuple(count for _, count in figures.members_history)
    return Chart(title, _drawn("vertical", title, "Đoàn viên", labels, values, "int",
                               tuple(_ticks(max(values, default=0)))))


def targets_vs_achieved(figures: Figures) -> Chart:
    title = "Thực hiện chỉ tiêu (% kế hoạch)"
    measured = [t for t in figures.targets if t.percent is not None]
    height = max(400, 110 + 44 * len(measured))
    ticks = tuple(_ticks(max([100.0, *(float(t.percent) for t in measured)])))
    return Chart(title, _drawn("horizontal", title, "% kế hoạch", tuple(t.name for t in measured),
                               tuple(float(round(t.percent, 1)) for t in measured), "percent", ticks,
                               (("height", height), ("range", (0, ticks[-1])))))


def report_charts(figures: Figures) -> list[Chart]:
    return [welfare_by_occasion(figures), members_over_years(figures), targets_vs_achieved(figures)]
