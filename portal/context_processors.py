from .models import SiteProfile


def site(request):
    """`site`: the SiteProfile (name, host organisation, footer items), cached."""
    return {"site": SiteProfile.current()}
