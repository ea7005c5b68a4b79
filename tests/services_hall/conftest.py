import pytest

from tests.events.conftest import grant

EDITOR_PERMS = (
    "services_hall.add_serviceitem",
    "services_hall.change_serviceitem",
    "services_hall.view_serviceitem",
    "services_hall.add_requiredmaterial",
    "services_hall.change_requiredmaterial",
    "services_hall.delete_requiredmaterial",
    "services_hall.view_requiredmaterial",
    "services_hall.add_serviceform",
    "services_hall.change_serviceform",
    "services_hall.delete_serviceform",
    "services_hall.view_serviceform",
    "services_hall.view_servicetheme",
)


@pytest.fixture
def hall_editor(editor):
    """The 信息发布员 role carries the service-guide permissions (portal/roles.py)."""
    assert editor.has_perms(EDITOR_PERMS)
    return editor


@pytest.fixture
def hall_reviewer(reviewer):
    assert reviewer.has_perms((*EDITOR_PERMS, "services_hall.publish_serviceitem"))
    return reviewer
