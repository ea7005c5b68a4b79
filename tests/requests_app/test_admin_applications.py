"""The handlers' workbench in the admin: access, list, each step's page, notices, templates."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from requests_app import services
from requests_app.models import Application, Channel, NoticeTemplate, Outcome
from tests.factories import SiteProfileFactory, UserFactory

from .factories import ApplicationFactory, _valid_id

Status = Application.Status
LIST_URL = reverse("admin:requests_app_application_changelist")


@pytest.fixture(autouse=True)
def _site(calendar_db):
    SiteProfileFactory()


@pytest.fixture(autouse=True)
def _in_march_2026():
    with time_machine.travel(
        dt.datetime(2026, 3, 4, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield


@pytest.fixture
def handler(db):
    return UserFactory(role="依申请公开办理员")


@pytest.fixture
def approver(db):
    return UserFactory(role="依申请公开负责人")


@pytest.fixture
def application():
    application = ApplicationFactory(name="王小明", phone="13912345678")
    services.handling.application_recompute_due(application)
    return application


def step_url(application, step):
    return reverse("admin:requests_app_application_step", args=[application.pk, step])


def change_url(application):
    return reverse("admin:requests_app_application_change", args=[application.pk])


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Access and the list ------------------------------------------------------------------------


def test_handler_list_masks_personal_data(client, handler, application):
    client.force_login(handler)
    response = client.get(LIST_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert application.tracking_number in content
    assert "王**" in content and "139****5678" in content
    assert "王小明" not in content and "13912345678" not in content


def test_overdue_due_date_is_red_and_clock_errors_are_shown(client, handler):
    overdue = ApplicationFactory(received_on=dt.date(2026, 1, 5))
    services.handling.application_recompute_due(overdue)
    broken = ApplicationFactory(received_on=dt.date(2026, 12, 21))
    services.handling.application_recompute_due(broken)
    client.force_login(handler)
    content = client.get(LIST_URL).content.decode()
    assert f"{overdue.due_on:%Y-%m-%d}（已逾期）" in content
    assert "2027年的节假日安排尚未发布" in content


@pytest.mark.parametrize("role", ["信息发布员", "审核员", "站点管理员"])
def test_staff_without_handle_permission_see_nothing(client, application, role):
    client.force_login(UserFactory(role=role))
    for url in (LIST_URL, change_url(application), step_url(application, "reply")):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "王小明" not in response.content.decode()
        assert application.id_number not in response.content.decode()


def test_change_page_shows_full_data_steps_and_events(client, handler, application):
    client.force_login(handler)
    content = client.get(change_url(application)).content.decode()
    assert "王小明" in content and application.id_number in content
    for label in (
        "告知补正",
        "征求意见",
        "延期答复",
        "告知收费",
        "答复",
        "撤回",
        "终止",
        "关联申请",
    ):
        assert f">{label}</a>" in content
    assert "确认收到</a>" not in content  # already received


# --- Steps through their pages ------------------------------------------------------------------


def test_confirm_receipt_page(client, handler):
    application = ApplicationFactory(unconfirmed=True)
    client.force_login(handler)
    response = client.post(step_url(application, "confirm"), {"received_on": "2026-03-05"})
    assert response.status_code == 200
    assert "不能晚于今天" in response.content.decode()
    assert 'value="2026-03-05"' in response.content.decode()  # input kept
    response = client.post(
        step_url(application, "confirm"), {"received_on": "2026-03-02", "issue_notice": "on"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.PROCESSING and application.due_on == dt.date(2026, 3, 30)
    assert any("依申请回执〔2026〕1号" in m for m in texts(response))


def test_correction_page_bad_input_then_success_then_no_second(client, handler, application):
    client.force_login(handler)
    response = client.post(
        step_url(application, "correction"), {"items": "", "deadline_on": "明天"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "请填写需要补正的事项。" in content and "补正期限格式不正确" in content
    response = client.post(
        step_url(application, "correction"), {"items": "请说明文号", "deadline_on": "2026-03-13"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.AWAITING_CORRECTION
    response = client.get(step_url(application, "correction"))
    assert response.status_code == 302
    assert "不能进行“告知补正”" in texts(response)[-1]


def test_late_correction_shows_a_warning(client, handler, application):
    with time_machine.travel(
        dt.datetime(2026, 3, 12, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        client.force_login(handler)
        response = client.post(
            step_url(application, "correction"),
            {"items": "请说明文号", "deadline_on": "2026-03-20"},
        )
    assert response.status_code == 302
    assert any("已超过收到申请之日起7个工作日" in m for m in texts(response))


def test_extension_is_refused_to_a_handler_and_done_by_an_approver(
    client, handler, approver, application
):
    client.force_login(handler)
    response = client.get(step_url(application, "extend"))
    assert "您没有批准延期的权限" in response.content.decode()
    response = client.post(step_url(application, "extend"), {"days": "10", "reason": "档案较多"})
    assert response.status_code == 200
    assert "须经政府信息公开工作机构负责人同意" in response.content.decode()
    assert not application.extensions.exists()

    client.force_login(approver)
    response = client.post(step_url(application, "extend"), {"days": "25", "reason": "档案较多"})
    assert "最长不得超过20个工作日" in response.content.decode()
    response = client.post(step_url(application, "extend"), {"days": "20", "reason": "档案较多"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.due_on == dt.date(2026, 4, 28)
    assert application.extensions.get().approved_by == approver


def test_reply_page_with_a_file_and_notice_downloads(client, handler, application):
    client.force_login(handler)
    response = client.post(
        step_url(application, "reply"),
        {
            "outcome": Outcome.NOT_HELD,
            "reason": "",
            "legal_basis": "",
            "answered_on": "2026-03-04",
        },
    )
    assert "应当说明理由和法律依据" in response.content.decode()
    response = client.post(
        step_url(application, "reply"),
        {
            "outcome": Outcome.DISCLOSED,
            "reason": "",
            "legal_basis": "",
            "answered_on": "2026-03-04",
            "files": [SimpleUploadedFile("明细.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")],
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.ANSWERED
    notice = application.notices.get(kind=NoticeTemplate.Kind.REPLY)
    content = client.get(change_url(application)).content.decode()
    for fmt in ("print", "doc", "txt"):
        url = reverse(
            "admin:requests_app_application_notice", args=[application.pk, notice.public_id, fmt]
        )
        assert url in content
        download = client.get(url)
        assert download.status_code == 200
        assert "明细.pdf" in download.content.decode()
    released = application.files.get()
    file_url = reverse(
        "admin:requests_app_application_file", args=[application.pk, released.public_id]
    )
    assert client.get(file_url).status_code == 200

    client.force_login(UserFactory(role="审核员"))
    url = reverse(
        "admin:requests_app_application_notice", args=[application.pk, notice.public_id, "txt"]
    )
    assert client.get(url).status_code == 403
    assert client.get(file_url).status_code == 403


def test_fee_withdraw_close_link_and_remedy_pages(client, handler, application):
    other = ApplicationFactory()
    client.force_login(handler)
    response = client.post(step_url(application, "link"), {"tracking_number": "YSQ-2099-000001"})
    assert "找不到编号为“YSQ-2099-000001”的申请" in response.content.decode()
    assert (
        client.post(
            step_url(application, "link"), {"tracking_number": other.tracking_number}
        ).status_code
        == 302
    )
    assert list(application.related.all()) == [other]
    response = client.post(step_url(application, "fee"), {"method": "page", "quantity": "0"})
    assert "件数/页数至少为1。" in response.content.decode()
    assert (
        client.post(step_url(application, "fee"), {"method": "page", "quantity": "50"}).status_code
        == 302
    )
    response = client.post(step_url(application, "close"), {"reason": "申请人另行提起诉讼"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.CLOSED and application.outcome == Outcome.OTHER
    response = client.post(
        step_url(application, "remedy"),
        {
            "kind": "reconsideration",
            "filed_on": "2026-03-04",
            "authority": "辽宁省人民政府",
        },
    )
    assert response.status_code == 302
    assert application.remedies.count() == 1
    response = client.post(step_url(other, "withdraw"), {"note": "电话撤回"})
    assert response.status_code == 302
    assert Application.objects.get(pk=other.pk).status == Status.WITHDRAWN


def test_a_broken_stored_template_is_an_error_on_the_page(client, handler, application):
    NoticeTemplate.objects.filter(kind=NoticeTemplate.Kind.TERMINATION).update(body="{% if %}")
    client.force_login(handler)
    response = client.post(step_url(application, "close"), {"reason": "其他原因"})
    assert response.status_code == 200
    assert "告知书模板有错误" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.PROCESSING


# --- Notice templates and registration ----------------------------------------------------------


def test_notice_template_admin_rejects_a_syntax_error(client, approver):
    template = NoticeTemplate.objects.get(kind=NoticeTemplate.Kind.RECEIPT)
    client.force_login(approver)
    url = reverse("admin:requests_app_noticetemplate_change", args=[template.pk])
    data = {
        "title": template.title,
        "number_prefix": template.number_prefix,
        "body": "{{ application.name }}：{% if application.due_on %}",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "告知书模板有错误" in response.content.decode()
    data["number_prefix"] = "依申请答复"
    response = client.post(url, {**data, "body": "{{ application.name }}"})
    assert "已被" in response.content.decode()
    response = client.post(
        url, {**data, "number_prefix": "辽文依申请回执", "body": "{{ application.name }}："}
    )
    assert response.status_code == 302
    assert NoticeTemplate.objects.get(pk=template.pk).number_prefix == "辽文依申请回执"


@pytest.mark.skipif(not hasattr(services, "application_register"), reason="登记服务尚未提供")
def test_register_an_in_person_application(client, handler):
    client.force_login(handler)
    add_url = reverse("admin:requests_app_application_add")
    data = {
        "channel": Channel.IN_PERSON,
        "received_on": "2026-03-04",
        "applicant_type": "natural",
        "name": "李四",
        "id_type": "resident_id",
        "id_number": _valid_id("21010219800101001"),
        "phone": "13800000000",
        "email": "",
        "address": "沈阳市和平区",
        "postcode": "",
        "subject": "2025年文化项目资金",
        "document_number": "",
        "description": "请公开资金安排。",
        "purpose": "",
        "information_form": "paper",
        "delivery": "post",
        "contact_person": "",
    }
    response = client.post(add_url, {**data, "received_on": "2026-03-09", "name": ""})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Application.objects.filter(subject="2025年文化项目资金").exists()
    response = client.post(add_url, data)
    content = response.content.decode()
    created = Application.objects.filter(subject="2025年文化项目资金").first()
    assert created is not None, content
    assert created.tracking_number in content and "查询码" in content
    assert created.status == Status.PROCESSING and created.received_on == dt.date(2026, 3, 4)
