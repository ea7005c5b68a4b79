from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: "Today" of these tests: Sunday 29 November 2026, 10:00 in Shanghai.
NOW = datetime(2026, 11, 29, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def grant(user, *codes: str):
    """Give `user` the permissions (until portal/roles.py lists them for the roles)."""
    for code in codes:
        app_label, codename = code.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    # Drop the cached permissions.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


EDITOR_PERMS = ("events.add_event", "events.change_event", "events.view_event")


@pytest.fixture
def event_editor(editor):
    """The 信息发布员 role carries the event permissions (portal/roles.py)."""
    assert editor.has_perms(EDITOR_PERMS)
    return editor


@pytest.fixture
def event_reviewer(reviewer):
    assert reviewer.has_perms((*EDITOR_PERMS, "events.publish_event"))
    return reviewer
