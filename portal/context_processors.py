from .models import SiteProfile
from .versioning import content_version


def site(request):
    """`site`: the SiteProfile (name, host organisation, footer items), cached; and
    `content_version`, which keys the cached parts of the page layout (base.html)."""
    return {"site": SiteProfile.current(), "content_version": content_version()}
