import pytest

from tests.requests_app.conftest import calendar_db  # noqa: F401


@pytest.fixture
def proposals_reviewer(reviewer):
    """A 审核员 who may publish replies and edit proposals (the permissions the role is to get)."""
    from tests.interpretations.factories import grant

    return grant(
        reviewer,
        "publish_proposalreply",
        "add_proposalreply",
        "change_proposalreply",
        "view_proposalreply",
        "view_proposal",
        "change_proposal",
        "add_proposal",
    )
