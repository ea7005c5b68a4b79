"""Who may see and do what in 互动交流 (access rules in one place).

Citizens' contact details (联系方式、电话、邮箱) are visible only in the staff admin, to users
holding `interaction.handle_message` (messages) or `interaction.moderate_comment` (comments);
never on a public page, a feed, a search result or a log line. The public sees a message only
through its tracking number *and* its secret query code, or as a reviewed `PublishedAnswer`.
"""

from __future__ import annotations

from .models import Message

HANDLE_PERMISSION = "interaction.handle_message"
MODERATE_PERMISSION = "interaction.moderate_comment"
#: Checked against when the number does not exist, so both failures cost one digest.
_DUMMY_HASH = "sha256$0000000000000000$" + "0" * 64


def can_handle_messages(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(HANDLE_PERMISSION))


def can_moderate_comments(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(MODERATE_PERMISSION))


def message_for_citizen(tracking_number: str, query_code: str) -> Message | None:
    """The message matching both the number and the secret code, else None.

    Always computes one digest, so a wrong number and a wrong code take the same time.
    """
    message = Message.objects.filter(
        tracking_number=(tracking_number or "").strip().upper()
    ).first()
    if message is None:
        Message(query_code_hash=_DUMMY_HASH).check_query_code(query_code or "x")
        return None
    return message if message.check_query_code((query_code or "").strip()) else None
