from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "unionreport.reports"
    verbose_name = "Báo cáo tổng kết"

    def ready(self) -> None:
        from unionreport.core import locks, year_setup
        from unionreport.reports.aggregates import aggregate_lock_reason, aggregate_lock_reasons
        from unionreport.reports.selectors import year_gaps

        locks.register(aggregate_lock_reason, bulk=aggregate_lock_reasons)
        year_setup.register(year_gaps)  # the years page (returns app) asks what a year still lacks
