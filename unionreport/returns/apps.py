from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "unionreport.returns"
    verbose_name = "Báo cáo năm"

    def ready(self) -> None:
        from unionreport.core import locks, reporting_year
        from unionreport.returns.locks import return_lock_reason, return_lock_reasons
        from unionreport.returns.selectors import default_year
        from unionreport.returns.workflow import locked_years_from

        locks.register(return_lock_reason, bulk=return_lock_reasons)
        locks.register_year(locked_years_from)
        reporting_year.register(default_year)
