"""Who may see what in 统计与自查. The statistics page is public; the self-check is staff only."""

SITE_CHECK_PERMISSION = "site_stats.view_site_check"


def can_view_site_check(user) -> bool:
    """Staff holding `site_stats.view_site_check` (网站自查), superusers included."""
    return bool(
        user and user.is_authenticated and user.is_active and user.is_staff
        and user.has_perm(SITE_CHECK_PERMISSION)
    )
