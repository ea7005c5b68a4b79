"""网上咨询 / 领导信箱: the form, receipt, lookup, reply deadline, handling and publication."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from interaction.models import Message, PublishedAnswer
from interaction.services import (
    message_answer,
    message_assign,
    message_reject,
    message_submit,
    published_answer_prepare,
    reply_due_on,
)
from publishing.services import publishable_publish
from tests.factories import OrganisationFactory
from tests.interaction.factories import AnsweredMessageFactory, MessageFactory

NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Friday
GOOD = {
    "box": "zx",
    "topic": "performance",
    "subject": "演出审批材料",
    "content": "请问需要哪些材料？",
    "name": "张三",
    "phone": "13912345678",
    "email": "zhang@example.com",
    "consents_to_publication": "1",
    "privacy_consent": "on",
}


def ask(client, **changes):
    return client.post("/hdjl/zx/ask/", {**GOOD, "submission_key": str(uuid.uuid4()), **changes})


@time_machine.travel(NOW, tick=False)
def test_submit_shows_number_and_code_once_and_emails_them(
    client, calendar_db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client)
    assert response.status_code == 302 and response["Location"] == "/hdjl/zx/receipt/"
    message = Message.objects.get()
    assert message.tracking_number == f"ZX-2026-{message.pk:06d}"
    # 5 working days after Friday 27 November 2026.
    assert message.due_on == dt.date(2026, 12, 4)
    page = client.get("/hdjl/zx/receipt/").content.decode()
    assert message.tracking_number in page
    code = page.split('data-testid="query-code">')[1].split("<")[0]
    assert message.check_query_code(code)
    assert code not in message.query_code_hash
    assert len(mail.outbox) == 1
    assert code in mail.outbox[0].body and message.tracking_number in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"phone": "", "email": ""}, "请至少填写联系电话或电子邮箱中的一项"),
        ({"phone": "123"}, "联系电话格式不正确"),
        ({"email": "not-an-email"}, "请填写有效的电子邮箱地址"),
        ({"privacy_consent": ""}, "请阅读隐私声明并勾选同意"),
        ({"consents_to_publication": ""}, "请选择是否同意公开"),
        ({"subject": ""}, "请填写留言标题"),
        ({"topic": "nope"}, "请从列表中选择留言类别"),
        ({"box": "x"}, "请从列出的信箱中选择"),
    ],
)
def test_bad_input_gives_chinese_errors_and_keeps_input(client, calendar_db, changes, error):
    response = ask(client, **changes)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "请问需要哪些材料？" in page
    assert Message.objects.count() == 0


def test_oversized_message_is_refused(client, calendar_db):
    text = "问" * 3001
    response = ask(client, content=text)
    page = response.content.decode()
    assert "留言内容最多3000个字，您填写了3001个字" in page
    assert text in page
    assert Message.objects.count() == 0


def test_honeypot_rate_limit_and_duplicate_key(client, calendar_db, settings):
    assert "请勿填写" in ask(client, homepage="x").content.decode()
    assert Message.objects.count() == 0
    key = str(uuid.uuid4())
    ask(client, submission_key=key)
    # The same form posted again from another session (a replayed request): no second
    # message, and the query code is not shown again.
    replay = Client()
    response = ask(replay, submission_key=key)
    assert response.status_code == 302
    assert Message.objects.count() == 1
    receipt = replay.get("/hdjl/zx/receipt/").content.decode()
    assert "本次没有重复提交" in receipt and 'data-testid="query-code"' not in receipt
    settings.INTERACTION_SUBMISSIONS_PER_IP_PER_HOUR = 1
    response = ask(client)
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert Message.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_reply_deadline_uses_the_calendar_and_setting(calendar_db, settings):
    # 2026 National Day: 1–7 October off, Saturday 10 October a make-up working day.
    assert reply_due_on(dt.date(2026, 9, 30)) == dt.date(2026, 10, 13)
    settings.INTERACTION_REPLY_WORKING_DAYS = 1
    assert reply_due_on(dt.date(2026, 11, 27)) == dt.date(2026, 11, 30)


@time_machine.travel(dt.datetime(2026, 12, 29, 10, 0, tzinfo=dt.UTC), tick=False)
def test_uncomputable_due_date_is_stored_as_a_reason(calendar_db):
    message, _code = message_submit(
        data={**GOOD, "consents_to_publication": True, "privacy_consent": True}
    )
    assert message.due_on is None
    assert "2027年的节假日安排尚未发布" in message.due_error


def test_lookup_shows_status_and_reply_only_with_the_right_code(client, db):
    message = AnsweredMessageFactory(query_code="right-code", reply="这是给您的答复。")
    other = MessageFactory(query_code="other-code", subject="别人的留言")
    response = client.post(
        "/hdjl/zx/lookup/", {"tracking_number": message.tracking_number, "query_code": "other-code"}
    )
    assert "留言编号或查询码不正确" in response.content.decode()
    response = client.post(
        "/hdjl/zx/lookup/",
        {"tracking_number": message.tracking_number.lower(), "query_code": "right-code"},
    )
    assert response.status_code == 302
    page = client.get("/hdjl/zx/lookup/status/").content.decode()
    assert "已答复" in page and "这是给您的答复。" in page
    assert other.subject not in page
    assert "13800001111" not in page


def test_lookup_requires_both_fields_and_is_rate_limited(client, db, settings):
    response = client.post("/hdjl/zx/lookup/", {"tracking_number": "", "query_code": ""})
    page = response.content.decode()
    assert "请填写留言编号" in page and "请填写查询码" in page
    settings.INTERACTION_LOOKUPS_PER_IP_PER_HOUR = 2
    for _ in range(2):
        client.post("/hdjl/zx/lookup/", {"tracking_number": "ZX-2026-000001", "query_code": "x"})
    response = client.post(
        "/hdjl/zx/lookup/", {"tracking_number": "ZX-2026-000001", "query_code": "x"}
    )
    assert response.status_code == 429 and "查询失败次数过多" in response.content.decode()
    assert client.get("/hdjl/zx/lookup/status/").status_code == 302


@time_machine.travel(NOW, tick=False)
def test_handling_records_who_and_when_and_notifies(
    calendar_db, reviewer, editor, django_capture_on_commit_callbacks
):
    message = MessageFactory()
    unit = OrganisationFactory(name="艺术处")
    message_assign(message=message, actor=editor, unit=unit)
    assert message.status == Message.Status.PROCESSING and message.assigned_by == editor
    with django_capture_on_commit_callbacks(execute=True):
        message_answer(message=message, actor=reviewer, reply="您好，材料如下。")
    message.refresh_from_db()
    assert message.status == Message.Status.ANSWERED
    assert message.replied_by == reviewer and message.replied_at == timezone.now()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert message.tracking_number in body and "已答复" in mail.outbox[0].subject
    assert reviewer.username not in body and "024-" not in body
    with pytest.raises(ValidationError):
        message_answer(message=message, actor=reviewer, reply="再答一次")


def test_reject_needs_a_valid_reason(db, reviewer):
    message = MessageFactory()
    with pytest.raises(ValidationError):
        message_reject(message=message, actor=reviewer, reason="bogus")
    message_reject(message=message, actor=reviewer, reason=Message.RejectionReason.INVALID)
    assert message.status == Message.Status.REJECTED


def test_published_answer_only_with_consent(db, reviewer):
    refused = AnsweredMessageFactory(consents_to_publication=False)
    with pytest.raises(ValidationError, match="未同意公开"):
        published_answer_prepare(message=refused, actor=reviewer)
    assert PublishedAnswer.objects.count() == 0
    with pytest.raises(ValidationError, match="尚未答复"):
        published_answer_prepare(message=MessageFactory(), actor=reviewer)
    message = AnsweredMessageFactory(name="张三丰")
    answer = published_answer_prepare(message=message, actor=reviewer)
    assert "张三丰" not in answer.question and answer.status == answer.Status.DRAFT
    # The citizen's consent is checked again at publication, whatever path publishes.
    Message.objects.filter(pk=message.pk).update(consents_to_publication=False)
    answer.refresh_from_db()
    with pytest.raises(ValidationError, match="未同意公开"):
        publishable_publish(obj=answer, actor=reviewer, confidentiality_checked=True)
    answer.refresh_from_db()
    assert answer.status == answer.Status.DRAFT


def test_published_answer_with_phone_number_needs_redaction(db, reviewer):
    message = AnsweredMessageFactory(content="我的手机13912345678，请回电。")
    answer = published_answer_prepare(message=message, actor=reviewer)
    with pytest.raises(ValidationError, match="个人信息"):
        publishable_publish(obj=answer, actor=reviewer, confidentiality_checked=True)


def test_admin_steps_and_message_pages(client, db, reviewer, editor):
    message = MessageFactory()
    client.force_login(editor)
    assert client.get(f"/admin/interaction/message/{message.pk}/change/").status_code == 200
    response = client.post(f"/admin/interaction/message/{message.pk}/answer/", {"reply": ""})
    assert "请填写答复内容" in response.content.decode()
    response = client.post(
        f"/admin/interaction/message/{message.pk}/answer/", {"reply": "已答复。"}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.ANSWERED
    response = client.post(f"/admin/interaction/message/{message.pk}/publish-answer/")
    answer = PublishedAnswer.objects.get(message=message)
    assert response["Location"] == f"/admin/interaction/publishedanswer/{answer.pk}/change/"
