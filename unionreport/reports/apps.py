from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "unionreport.reports"
    verbose_name = "Báo cáo tổng kết"

    def ready(self) -> None:
        from unionreport.core import locks
        from unionreport.reports.aggregates import aggregate_lock_reason, aggregate_lock_reasons

        locks.register(aggregate_lock_reason, bulk=aggregate_lock_reasons)
