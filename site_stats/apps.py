from django.apps import AppConfig


class SiteStatsConfig(AppConfig):
    """统计与自查: the public statistics page, page-view counting and the site self-check
    (网站自查). Named `site_stats` because `statistics` is a standard-library module."""

    name = "site_stats"
    verbose_name = "统计与自查"

    def ready(self) -> None:
        from . import system_checks  # noqa: F401  (registers the checks)
