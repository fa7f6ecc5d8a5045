"""The report's charts read on paper: text of 8 pt or more at their printed width, values past their bar."""

import io
import re

from PIL import Image

from unionreport.reports.charts import MIN_PRINT_PT, PRINT_WIDTH_MM, PX_TO_PT, report_charts
from unionreport.reports.figures import figures_for


def test_it_prints_chart_text_at_eight_points_or_more(province, report_data):
    for chart in report_charts(figures_for(province, 2024)):
        sizes = [float(px) for px in re.findall(r"font-size:\s*([0-9.]+)px", chart.svg)]
        assert sizes and min(sizes) * PX_TO_PT >= MIN_PRINT_PT, (chart.title, min(sizes))
        assert 'font-size="' not in chart.svg  # no size set on an element, past the style sheet


def test_it_writes_values_past_the_bar_never_over_a_label(province, report_data):
    welfare, members, targets = report_charts(figures_for(province, 2024))
    for chart in (welfare, targets):  # horizontal: the value starts after the bar's end, right of the axis
        anchors = re.findall(r'<text text-anchor="(\w+)"[^>]*class="value"', chart.svg)
        assert anchors and set(anchors) == {"start"}, chart.title
    assert set(re.findall(r'<text text-anchor="(\w+)"[^>]*class="value"', members.svg)) == {"middle"}


def test_it_draws_the_same_chart_as_png_for_word(province, report_data):
    chart = report_charts(figures_for(province, 2024))[0]
    image = Image.open(io.BytesIO(chart.png))
    assert image.format == "PNG"
    assert image.width == round(PRINT_WIDTH_MM / 25.4 * 200)
    assert image.convert("L").getextrema()[0] < 100  # something is drawn
