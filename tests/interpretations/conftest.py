import pytest

from tests.requests_app.conftest import calendar_db  # noqa: F401


@pytest.fixture
def interp_reviewer(reviewer):
    """A 审核员 who may publish interpretations (the permission the role is to get)."""
    from tests.interpretations.factories import grant

    return grant(
        reviewer,
        "publish_interpretation",
        "add_interpretation",
        "change_interpretation",
        "view_interpretation",
        "view_interpretationrequirement",
        "add_interpretationrequirement",
        "change_interpretationrequirement",
    )
