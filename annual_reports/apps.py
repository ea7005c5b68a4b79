from django.apps import AppConfig


class AnnualReportsConfig(AppConfig):
    name = "annual_reports"
    verbose_name = "政府信息公开工作年度报告"
