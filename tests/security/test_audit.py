"""The audit log (审计日志): logins, failed logins, permission changes, publications, views of
applicants' personal data; append-only, read-only in the admin, kept at least 183 days."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AppendOnlyError, AuditEvent, AuditKind
from disclosure import services as disclosure_services
from requests_app.models import ApplicationFile
from tests.factories import DocumentFactory, SiteProfileFactory, UserFactory
from tests.requests_app.factories import ApplicationFactory

from .conftest import login_with_password

AUDIT_LIST = "/admin/audit/auditevent/"


@pytest.fixture(autouse=True)
def _site(db):
    SiteProfileFactory()


def events(kind):
    return AuditEvent.objects.filter(kind=kind)


# --- Logins ------------------------------------------------------------------------------------


def test_login_logout_and_failed_login_are_recorded_with_the_address(client):
    user = UserFactory(username="sun")
    login_with_password(client, user, "not-the-password")
    failed = events(AuditKind.LOGIN_FAILED).get()
    assert failed.actor is None and failed.actor_username == "sun" and failed.ip == "127.0.0.1"
    assert "not-the-password" not in str(failed.detail)

    login_with_password(client, user)
    login = events(AuditKind.LOGIN).get()
    assert login.actor == user and login.actor_username == "sun" and login.ip == "127.0.0.1"

    client.post("/admin/logout/")
    assert events(AuditKind.LOGOUT).get().actor == user


def test_failed_login_with_an_unknown_name_records_the_name_tried(client):
    client.post("/admin/login/", {"username": "root' OR 1=1--", "password": "x"})
    assert events(AuditKind.LOGIN_FAILED).get().actor_username == "root' OR 1=1--"


# --- Permission changes ------------------------------------------------------------------------


def test_adding_a_user_to_a_group_in_the_admin_is_recorded_with_who_did_it(client):
    chief = UserFactory(username="chief", is_superuser=True)
    clerk = UserFactory(username="clerk")
    reviewers = Group.objects.get(name="审核员")
    client.force_login(chief)
    response = client.post(
        reverse("admin:auth_user_change", args=[clerk.pk]),
        {
            "username": "clerk",
            "is_active": "on",
            "is_staff": "on",
            "groups": [reviewers.pk],
            "date_joined_0": "2026-01-05",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(clerk.groups.all()) == [reviewers]
    change = events(AuditKind.PERMISSION_CHANGE).filter(object_id=str(clerk.pk)).latest("id")
    assert change.actor == chief and change.ip == "127.0.0.1"
    assert change.object_label == "clerk"
    assert change.detail == {"change": "groups", "action": "add", "items": ["审核员"]}


def test_granting_superuser_and_removing_staff_are_recorded(client):
    clerk = UserFactory(username="clerk")
    clerk.is_superuser = True
    clerk.save()
    change = events(AuditKind.PERMISSION_CHANGE).filter(object_id=str(clerk.pk)).latest("id")
    assert change.detail["is_superuser"] == {"old": False, "new": True}
    clerk.is_staff = False
    clerk.save(update_fields=["is_staff"])
    change = events(AuditKind.PERMISSION_CHANGE).filter(object_id=str(clerk.pk)).latest("id")
    assert change.detail["is_staff"] == {"old": True, "new": False}


def test_group_permission_and_user_permission_changes_are_recorded():
    group = Group.objects.create(name="临时组")
    publish = Permission.objects.get(codename="publish_document")
    group.permissions.add(publish)
    change = events(AuditKind.PERMISSION_CHANGE).filter(object_type="auth.group").latest("id")
    assert change.detail == {
        "change": "permissions",
        "action": "add",
        "items": ["disclosure.publish_document"],
    }
    group.permissions.clear()
    change = events(AuditKind.PERMISSION_CHANGE).filter(object_type="auth.group").latest("id")
    assert change.detail["action"] == "clear"
    assert change.detail["items"] == ["disclosure.publish_document"]
    user = UserFactory()
    user.user_permissions.add(publish)
    change = events(AuditKind.PERMISSION_CHANGE).filter(object_id=str(user.pk)).latest("id")
    assert change.detail["change"] == "user_permissions"


def test_a_login_does_not_look_like_a_permission_change(client):
    user = UserFactory()
    before = events(AuditKind.PERMISSION_CHANGE).count()
    login_with_password(client, user)  # saves last_login
    assert events(AuditKind.PERMISSION_CHANGE).count() == before


# --- Publications ------------------------------------------------------------------------------


def test_publishing_and_withdrawing_a_document_are_recorded(reviewer):
    document = DocumentFactory(title="关于开展非遗保护工作的通知")
    disclosure_services.document_publish(
        document=document, actor=reviewer, confidentiality_checked=True
    )
    published = events(AuditKind.PUBLISH).get()
    assert published.actor == reviewer
    assert published.object_type == "disclosure.document"
    assert published.object_id == str(document.pk)
    assert published.object_label == "关于开展非遗保护工作的通知"

    disclosure_services.document_withdraw(document=document, actor=reviewer, reason="内容有误")
    withdrawn = events(AuditKind.WITHDRAW).get()
    assert withdrawn.actor == reviewer and withdrawn.detail == {"reason": "内容有误"}


def test_a_refused_publication_leaves_no_audit_row(editor):
    document = DocumentFactory()
    with pytest.raises(PermissionDenied):  # editors cannot publish
        disclosure_services.document_publish(
            document=document, actor=editor, confidentiality_checked=True
        )
    assert not events(AuditKind.PUBLISH).exists()


# --- Applicants' personal data -----------------------------------------------------------------


@pytest.fixture
def handler(db):
    return UserFactory(username="handler", role="依申请公开办理员")


def test_opening_an_application_records_who_saw_the_personal_data(client, handler, calendar_db):
    application = ApplicationFactory(name="王小明")
    client.force_login(handler)
    response = client.get(reverse("admin:requests_app_application_change", args=[application.pk]))
    assert response.status_code == 200
    view = events(AuditKind.PERSONAL_DATA_VIEW).get()
    assert view.actor == handler and view.ip == "127.0.0.1"
    assert view.object_type == "requests_app.application"
    assert view.object_id == str(application.pk)
    assert application.tracking_number in view.object_label
    assert "王小明" not in view.object_label  # the log itself carries no personal data


def test_a_refused_look_leaves_no_personal_data_row(client, editor, calendar_db):
    application = ApplicationFactory()
    client.force_login(editor)
    response = client.get(reverse("admin:requests_app_application_change", args=[application.pk]))
    assert response.status_code in (302, 403)
    assert not events(AuditKind.PERSONAL_DATA_VIEW).exists()


def test_downloading_an_applicants_file_and_exporting_the_list_are_recorded(
    client, handler, calendar_db
):
    application = ApplicationFactory()
    file = ApplicationFile(
        application=application, kind=ApplicationFile.Kind.IDENTITY_PROOF, name="身份证.pdf"
    )
    file.file.save("proof.pdf", ContentFile(b"%PDF-1.4 proof"), save=False)
    file.extension, file.size, file.sha256 = "pdf", 14, "0" * 64
    file.save()
    client.force_login(handler)
    url = reverse("admin:requests_app_application_file", args=[application.pk, file.public_id])
    assert client.get(url).status_code == 200
    download = events(AuditKind.PERSONAL_DATA_DOWNLOAD).get()
    assert download.actor == handler and download.object_id == str(application.pk)

    assert client.get("/staff/ysqgk/export.csv", {"status": "processing"}).status_code == 200
    export = events(AuditKind.EXPORT).get()
    assert export.actor == handler and export.detail == {
        "format": "csv",
        "filters": {"status": "processing"},
    }


def test_citizens_using_the_public_site_leave_no_audit_rows_and_no_address(client):
    before = AuditEvent.objects.count()  # the roles set up by migrate are recorded too
    for url in ["/", "/ysqgk/apply/", "/ysqgk/lookup/", "/hdjl/zx/ask/"]:
        client.get(url)
    client.post("/ysqgk/lookup/", {"tracking_number": "YSQ-2026-000001", "query_code": "x"})
    assert AuditEvent.objects.count() == before
    assert not AuditEvent.objects.filter(ip__isnull=False).exists()


def test_deleting_an_account_keeps_its_name_in_the_log(client):
    user = UserFactory(username="former")
    login_with_password(client, user)
    client.logout()
    user.delete()
    login = events(AuditKind.LOGIN).get()
    assert login.actor is None and login.actor_username == "former"


# --- Append-only, read-only admin, retention -----------------------------------------------------


def test_audit_rows_cannot_be_changed_or_deleted_through_the_orm():
    event = AuditEvent.objects.create(kind=AuditKind.LOGIN, actor_username="x")
    event.actor_username = "y"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(actor_username="z")
    assert AuditEvent.objects.get(pk=event.pk).actor_username == "x"


def test_the_admin_shows_the_log_read_only_even_to_a_superuser(client):
    chief = UserFactory(username="chief", is_superuser=True)
    login_with_password(client, chief)
    event = events(AuditKind.LOGIN).get()
    response = client.get(AUDIT_LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "登录成功" in page and "chief" in page
    assert "增加 审计事件" not in page and 'name="action"' not in page
    for kind in ("登录失败", "权限变更", "发布", "查看申请人个人信息"):
        assert kind in page  # the filter by event
    assert client.get(AUDIT_LIST, {"kind": AuditKind.LOGIN}).status_code == 200

    detail = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert (
        client.post(
            reverse("admin:audit_auditevent_change", args=[event.pk]), {"actor_username": "x"}
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk, actor_username="chief").exists()


def test_staff_without_the_audit_permission_cannot_read_the_log(client, reviewer):
    client.force_login(reviewer)
    assert client.get(AUDIT_LIST).status_code == 403


def test_nobody_holds_a_permission_to_change_or_delete_audit_rows():
    codenames = set(
        Permission.objects.filter(content_type__app_label="audit").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_auditevent"}


def test_pruning_refuses_less_than_six_months_and_keeps_recent_rows():
    now = timezone.now()
    old = AuditEvent.objects.create(kind=AuditKind.LOGIN, at=now - dt.timedelta(days=300))
    recent = AuditEvent.objects.create(kind=AuditKind.LOGIN, at=now - dt.timedelta(days=190))
    with pytest.raises(CommandError, match="至少保留 183 天"):
        call_command("prune_audit_log", "--older-than-days", "182")
    assert AuditEvent.objects.filter(pk__in=[old.pk, recent.pk]).count() == 2
    count = AuditEvent.objects.count()
    call_command("prune_audit_log", "--older-than-days", "200")
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    assert AuditEvent.objects.count() == count - 1


@pytest.mark.postgres
def test_postgresql_itself_refuses_to_change_or_delete_recent_audit_rows():
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    user = UserFactory(username="temp")
    event = AuditEvent.objects.create(kind=AuditKind.LOGIN, actor=user, actor_username="temp")
    for sql in (
        "UPDATE audit_auditevent SET actor_username = 'forged' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="审计日志"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    user.delete()  # Django's SET_NULL is the one update allowed
    event.refresh_from_db()
    assert event.actor is None and event.actor_username == "temp"
    old = AuditEvent.objects.create(
        kind=AuditKind.LOGIN, at=timezone.now() - dt.timedelta(days=200)
    )
    call_command("prune_audit_log", "--older-than-days", "190")
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
