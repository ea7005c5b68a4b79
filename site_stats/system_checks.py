"""Deployment checks of 统计与自查 (ids ``site_stats.W…``; run by ``check --deploy``)."""

from django.conf import settings
from django.core.checks import Warning, register

MIDDLEWARE_PATH = "site_stats.pageviews.PageViewMiddleware"


@register(deploy=True)
def pageview_cache_is_shared(app_configs, **kwargs):
    """Page views are buffered in the cache and flushed by a separate command: a per-process
    local-memory cache would keep them where the command can never read them."""
    if MIDDLEWARE_PATH not in settings.MIDDLEWARE:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith(("locmem.LocMemCache", "dummy.DummyCache")):
        return [
            Warning(
                "访问量计数使用本进程内存缓存，flush_pageviews 命令读不到各进程的计数。",
                hint="生产环境请设置 REDIS_URL（共享缓存），并每分钟运行 manage.py flush_pageviews。",
                id="site_stats.W001",
            )
        ]
    return []
