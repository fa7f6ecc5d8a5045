"""The report's hand-computed rows, shared with the report tests."""

from tests.reports.conftest import report_data  # noqa: F401
