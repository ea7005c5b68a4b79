import pytest
from django.contrib.auth.models import Group

from tests.requests_app.conftest import calendar_db  # noqa: F401 — fixture re-export

#: The interaction permissions each role must carry (portal/roles.py).
EDITOR_PERMS = [
    "add_consultation",
    "change_consultation",
    "view_consultation",
    "add_consultationattachment",
    "change_consultationattachment",
    "delete_consultationattachment",
    "view_consultationattachment",
    "add_consultationfeedback",
    "change_consultationfeedback",
    "view_consultationfeedback",
    "view_comment",
    "view_message",
    "handle_message",
    "view_publishedanswer",
    "change_publishedanswer",
]
REVIEWER_PERMS = [*EDITOR_PERMS, "publish_consultation", "publish_message", "moderate_comment"]


@pytest.fixture(autouse=True)
def _interaction_roles(db):
    """The roles carry the interaction permissions (portal/roles.py); fail loudly if not."""
    for name, codenames in (("信息发布员", EDITOR_PERMS), ("审核员", REVIEWER_PERMS)):
        held = set(
            Group.objects.get(name=name)
            .permissions.filter(content_type__app_label="interaction")
            .values_list("codename", flat=True)
        )
        assert set(codenames) <= held, (name, set(codenames) - held)
