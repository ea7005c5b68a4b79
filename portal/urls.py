from django.contrib import admin
from django.urls import include, path


from . import care, feeds, sitemaps, views

admin.site.site_header = "政务公开门户管理后台"
admin.site.site_title = "政务公开门户"
admin.site.index_title = "内容管理"

public_patterns = (
    [
        path("", views.home, name="home"),
        path("search/", views.search, name="search"),
        path("feeds/latest.rss", feeds.latest_rss, name="feed_latest"),
        path("feeds/latest.atom", feeds.latest_atom, name="feed_latest_atom"),
        path("feeds/column/<slug:slug>.rss", feeds.column_rss, name="feed_column"),
        path("feeds/column/<slug:slug>.atom", feeds.column_atom, name="feed_column_atom"),
        path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
        path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
        path("robots.txt", sitemaps.robots_txt, name="robots"),
        path("care/on/", care.care_on, name="care_on"),
        path("care/off/", care.care_off, name="care_off"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(public_patterns)),
    path("xxgk/", include("disclosure.urls")),
    path("ysqgk/", include("requests_app.urls")),
    path("nianbao/", include("annual_reports.urls")),
    path("zcjd/", include("interpretations.urls")),
    path("jyta/", include("proposals.urls")),
    path("hdjl/", include("interaction.urls")),
    path("whrl/", include("events.urls")),
    path("wsbs/", include("services_hall.urls")),
    path("tongji/", include("site_stats.urls")),
    path("staff/site-check/", include("site_stats.staff_urls")),
    path("api/v1/", include("requests_app.api_urls")),
    path("api/v1/", include("api.urls")),
    path("staff/ysqgk/", include("requests_app.staff_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
