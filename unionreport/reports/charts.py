"""The report's charts, drawn by pygal as SVG on the server: the same bytes on screen and in the PDF.

pygal is told not to link its script (`js=[]`) nor to cut long Vietnamese labels
(`truncate_label=-1`); its text uses the report's serif so the PDF embeds one font only.
The SVG goes into the page as a `data:` image: the page's CSP forbids inline styles, and
an image keeps the chart's own style sheet to itself.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import pygal
from pygal.style import Style

from unionreport.lib.formatting import MILLION, format_decimal, format_int, format_percent
from unionreport.reports.figures import Figures
from unionreport.reports.measures import OCCASION_SLUGS
from unionreport.welfare.models import Occasion

FONT = "'Liberation Serif', 'Times New Roman', serif"
STYLE = Style(
    font_family=FONT, label_font_family=FONT, major_label_font_family=FONT, value_font_family=FONT,
    value_label_font_family=FONT, tooltip_font_family=FONT, title_font_family=FONT, legend_font_family=FONT,
    no_data_font_family=FONT, background="white", plot_background="white", foreground="#222",
    foreground_strong="#111", foreground_subtle="#ccc", colors=("#0b4f8a", "#c0392b", "#27ae60", "#8e44ad"),
    title_font_size=22, label_font_size=17, major_label_font_size=17, value_font_size=16, legend_font_size=16,
)
COMMON = {"style": STYLE, "js": [], "truncate_label": -1, "truncate_legend": -1, "width": 1000, "height": 440,
          "disable_xml_declaration": True, "print_values": True, "show_y_guides": True, "pretty_print": False}


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _ticks(top: float, count: int = 5) -> list[float]:
    """A few round axis values from 0 past `top` (so that the axis labels never overlap)."""
    if top <= 0:
        return [0, 1]
    raw = top / (count - 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(count + 1) if step * (i - 1) < top]


def _render(chart) -> str:
    return chart.render(is_unicode=True)


def welfare_by_occasion(figures: Figures) -> Chart:
    title = "Kinh phí chăm lo theo dịp (triệu đồng)"
    chart = pygal.HorizontalBar(title=title, show_legend=False, value_formatter=lambda v: format_decimal(v, 0),
                                **COMMON)
    labels, values = [], []
    for value, label in Occasion.choices:
        labels.append(label)
        values.append(figures.get(f"cham_lo.{OCCASION_SLUGS[value]}.tien") / MILLION)
    chart.x_labels = labels
    chart.y_labels = _ticks(max(values, default=0))
    chart.add("Triệu đồng", values)
    return Chart(title, _render(chart))


def members_over_years(figures: Figures) -> Chart:
    title = "Số đoàn viên cuối năm, 5 năm gần đây"
    chart = pygal.Bar(title=title, show_legend=False, value_formatter=format_int, **COMMON)
    chart.x_labels = [str(year) for year, _ in figures.members_history]
    chart.y_labels = _ticks(max((count for _, count in figures.members_history), default=0))
    chart.add("Đoàn viên", [count for _, count in figures.members_history])
    return Chart(title, _render(chart))


def targets_vs_achieved(figures: Figures) -> Chart:
    title = "Thực hiện chỉ tiêu (% kế hoạch)"
    measured = [t for t in figures.targets if t.percent is not None]
    height = max(400, 110 + 44 * len(measured))
    options = COMMON | {"height": height}
    chart = pygal.HorizontalBar(title=title, show_legend=False, value_formatter=format_percent,
                                range=(0, 130), y_labels=[0, 25, 50, 75, 100, 125], **options)
    chart.x_labels = [t.name for t in measured]
    chart.add("% kế hoạch", [float(round(t.percent, 1)) for t in measured])
    return Chart(title, _render(chart))


def report_charts(figures: Figures) -> list[Chart]:
    return [welfare_by_occasion(figures), members_over_years(figures), targets_vs_achieved(figures)]
