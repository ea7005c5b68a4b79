"""The online application form (/ysqgk/apply/) and its receipt, through the test client."""

import re
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app.models import (
    ApplicantType,
    Application,
    ApplicationEvent,
    ApplicationFile,
    Channel,
    IdType,
)
from tests.factories import SiteProfileFactory

from .factories import _valid_id

APPLY = "/ysqgk/apply/"
RECEIPT = "/ysqgk/receipt/"
VALID_ID = _valid_id("11010519491231002")
VALID_CREDIT_CODE = "91350100M000100Y43"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
KEEP_FILES = "请重新选择要上传的文件"


@pytest.fixture
def site(db):
    return SiteProfileFactory()


def natural(**overrides) -> dict:
    data = {
        "applicant_type": ApplicantType.NATURAL_PERSON.value,
        "name": "张三",
        "id_type": IdType.RESIDENT_ID.value,
        "id_number": VALID_ID,
        "phone": "139 1234 5678",
        "email": "zhangsan@example.com",
        "address": "",
        "postcode": "",
        "subject": "2025年度文化惠民演出项目资金安排情况",
        "document_number": "",
        "description": "请公开2025年度省级文化惠民演出项目的资金安排明细。",
        "information_form": Application.InformationForm.ELECTRONIC.value,
        "delivery": Application.Delivery.EMAIL.value,
        "purpose": "",
        "privacy_consent": "on",
        "submission_key": str(uuid.uuid4()),
        "homepage": "",
    }
    data.update(overrides)
    return data


def organisation(**overrides) -> dict:
    data = natural(
        applicant_type=ApplicantType.RESEARCH.value,
        name="某某文化研究院",
        contact_person="李四",
        id_type=IdType.CREDIT_CODE.value,
        id_number=VALID_CREDIT_CODE.lower(),
    )
    data.update(overrides)
    return data


def post(client, data, **extra):
    return client.post(APPLY, data, **extra)


# --- Happy paths ------------------------------------------------------------------------------


def test_apply_page_shows_the_form_with_a_privacy_notice_and_a_hidden_honeypot(client, site):
    response = client.get(APPLY)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert "隐私声明" in html and "我已阅读并同意本页的隐私声明" in html
    assert re.search(
        r'<div class="ysq-hp" aria-hidden="true">\s*<label for="id_homepage">请勿填写', html
    )
    assert re.search(r'<input type="text" name="homepage"[^>]*tabindex="-1"', html)
    key = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', html)
    assert key, "the form carries a submission key"
    # Grouped applicant types: 自然人, then the five kinds of 法人或其他组织.
    assert '<optgroup label="法人或其他组织">' in html
    for label in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]:
        assert f">{label}</option>" in html


def test_natural_person_files_an_application_and_sees_the_receipt(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, natural())
    assert response.status_code == 302 and response["Location"] == RECEIPT
    application = Application.objects.get()
    assert re.fullmatch(r"YSQ-\d{4}-\d{6}", application.tracking_number)
    assert application.tracking_number.endswith(f"-{application.pk:06d}")
    assert application.channel == Channel.ONLINE
    assert application.status == Application.Status.SUBMITTED
    assert application.received_on is None and application.due_on is None
    assert application.phone == "13912345678"  # normalised
    assert application.organisation == site.host
    assert application.privacy_consent is True
    event = application.events.get()
    assert event.kind == ApplicationEvent.Kind.SUBMITTED and event.is_public

    receipt = client.get(RECEIPT).content.decode()
    assert application.tracking_number in receipt
    code = re.search(r'data-testid="query-code">([^<]+)<', receipt).group(1)
    assert application.check_query_code(code)
    assert "请立即记下或打印申请编号和查询码" in receipt
    assert "20个工作日" in receipt and "确认收到申请" in receipt
    assert "打印回执" in receipt and "<script>" not in receipt
    assert code not in response["Location"]

    # The email: number, code and lookup link; never the ID number.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhangsan@example.com"]
    assert application.tracking_number in message.subject
    assert application.tracking_number in message.body and code in message.body
    assert "/ysqgk/lookup/" in message.body
    assert VALID_ID not in message.body and VALID_ID not in message.subject
    assert "13912345678" not in message.body


def test_organisation_with_a_valid_credit_code(client, site):
    response = post(client, organisation())
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.applicant_type == ApplicantType.RESEARCH
    assert application.is_organisation
    assert application.id_number == VALID_CREDIT_CODE  # upper-cased
    assert application.contact_person == "李四"


def test_no_email_means_no_email_sent(client, site, django_capture_on_commit_callbacks):
    data = natural(email="", delivery=Application.Delivery.PICKUP.value)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, data).status_code == 302
    assert mail.outbox == []


def test_other_id_type_with_a_proof_is_stored_privately(client, site):
    data = natural(
        id_type=IdType.PASSPORT.value,
        id_number="E12345678",
        proof=SimpleUploadedFile("护照.PDF", PDF, content_type="application/pdf"),
    )
    assert post(client, data).status_code == 302
    proof = ApplicationFile.objects.get()
    assert proof.kind == ApplicationFile.Kind.IDENTITY_PROOF
    assert proof.visible_to_applicant is False
    assert proof.extension == "pdf" and proof.size == len(PDF) and len(proof.sha256) == 64
    assert proof.file.name.startswith("private/requests/")
    assert "护照" not in proof.file.name  # random name
    with proof.file.open("rb") as handle:
        assert handle.read() == PDF


def test_the_same_submission_key_twice_files_one_application(client, site):
    data = natural()
    first = post(client, data)
    second = post(client, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == RECEIPT
    application = Application.objects.get()
    receipt = client.get(RECEIPT).content.decode()
    assert application.tracking_number in receipt
    assert 'data-testid="query-code"' in receipt  # still the first submission's receipt


def test_a_retry_from_another_session_shows_the_number_but_not_the_code(client, site):
    from django.test import Client

    data = natural()
    post(client, data)
    other = Client()
    assert post(other, data)["Location"] == RECEIPT
    receipt = other.get(RECEIPT).content.decode()
    assert Application.objects.count() == 1
    assert Application.objects.get().tracking_number in receipt
    assert 'data-testid="query-code"' not in receipt
    assert "此前已经提交过" in receipt


def test_the_receipt_without_a_submission_explains_itself(client, site):
    html = client.get(RECEIPT).content.decode()
    assert "没有可显示的回执" in html


# --- Bad input: 200, Chinese message next to the field, everything typed kept ------------------


def assert_refused(response, field: str, message: str):
    assert response.status_code == 200
    assert Application.objects.count() == 0
    html = response.content.decode()
    assert "申请未能提交" in html
    assert message in html, html[html.find("form-errors") : html.find("form-errors") + 2000]
    assert response.context["form"].errors.get(field), response.context["form"].errors
    # What was typed is kept.
    assert 'value="张三"' in html or 'value="某某文化研究院"' in html
    assert "2025年度文化惠民演出项目资金安排情况" in html
    return html


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("name", "请填写申请人姓名或组织名称。"),
        ("phone", "请填写联系电话。"),
        ("subject", "请填写所需政府信息的名称。"),
        ("description", "请描述所需政府信息的内容。"),
        ("information_form", "请选择所需信息的载体形式（纸质或电子）。"),
        ("delivery", "请选择获取信息的方式。"),
        ("applicant_type", "请选择申请人类型。"),
    ],
)
def test_missing_required_fields(client, site, field, message):
    data = natural(**{field: ""})
    response = post(client, data)
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert message in response.content.decode()
    assert response.context["form"].errors[field]


def test_bad_resident_id_checksum(client, site):
    bad = VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")
    html = assert_refused(post(client, natural(id_number=bad)), "id_number", "居民身份证号码不正确")
    assert f'value="{bad}"' in html


def test_missing_resident_id_number(client, site):
    assert_refused(post(client, natural(id_number="")), "id_number", "请填写居民身份证号码。")


def test_bad_credit_code(client, site):
    assert_refused(
        post(client, organisation(id_number="91350100M000100Y44")),
        "id_number",
        "统一社会信用代码不正确",
    )


def test_organisation_needs_a_contact_person_and_an_organisation_id_type(client, site):
    data = organisation(contact_person="", id_type=IdType.RESIDENT_ID.value, id_number=VALID_ID)
    html = assert_refused(post(client, data), "contact_person", "请填写联系人姓名")
    assert "法人或其他组织请选择“统一社会信用代码”" in html


def test_natural_person_cannot_use_a_credit_code(client, site):
    data = natural(id_type=IdType.CREDIT_CODE.value, id_number=VALID_CREDIT_CODE)
    assert_refused(post(client, data), "id_type", "自然人请选择个人身份证件类型。")


@pytest.mark.parametrize("phone", ["12345", "1391234567", "2345678", "电话号码", "10012345678"])
def test_bad_phone(client, site, phone):
    assert_refused(post(client, natural(phone=phone)), "phone", "联系电话格式不正确")


def test_bad_email_address(client, site):
    assert_refused(post(client, natural(email="not-an-email")), "email", "请填写有效的电子邮箱地址")


def test_email_required_for_email_delivery(client, site):
    assert_refused(
        post(client, natural(email="")), "email", "选择以电子邮件方式获取信息的，请填写电子邮箱。"
    )


def test_address_required_for_postal_delivery(client, site):
    data = natural(delivery=Application.Delivery.POST.value, address="")
    assert_refused(post(client, data), "address", "选择邮寄方式获取信息的，请填写通信地址。")


def test_bad_postcode(client, site):
    assert_refused(post(client, natural(postcode="1100")), "postcode", "邮政编码应为6位数字。")


def test_consent_is_required(client, site):
    data = natural()
    del data["privacy_consent"]
    assert_refused(post(client, data), "privacy_consent", "请阅读隐私声明并勾选同意")


def test_proof_required_for_other_id_types(client, site):
    data = natural(id_type=IdType.HK_MACAO.value, id_number="C12345678")
    assert_refused(
        post(client, data), "proof", "选择“港澳居民来往内地通行证”时，请上传证件的扫描件或照片"
    )


def test_number_required_for_passport(client, site):
    data = natural(
        id_type=IdType.PASSPORT.value,
        id_number="",
        proof=SimpleUploadedFile("p.png", PNG, content_type="image/png"),
    )
    html = assert_refused(post(client, data), "id_number", "请填写证件号码。")
    assert KEEP_FILES in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("shell.php", b"<?php system($_GET['c']); ?>", "不支持的文件类型“php”"),
        ("id.exe", b"MZ\x90\x00", "不支持的文件类型“exe”"),
        ("noextension", PDF, "不支持的文件类型“无扩展名”"),
        ("photo.jpg", b"<?php system($_GET['c']); ?>", "文件内容与扩展名“.jpg”不符"),
        ("scan.pdf", PNG, "文件内容与扩展名“.pdf”不符"),
        ("page.png", b"<html><script>alert(1)</script></html>", "文件内容与扩展名“.png”不符"),
    ],
)
def test_proof_wrong_type_or_disguised(client, site, name, content, message):
    data = natural(
        id_type=IdType.OTHER.value,
        id_number="",
        proof=SimpleUploadedFile(name, content, content_type="image/jpeg"),
    )
    html = assert_refused(post(client, data), "proof", message)
    assert KEEP_FILES in html
    assert ApplicationFile.objects.count() == 0


def test_proof_too_large(client, site, settings):
    settings.REQUESTS_PROOF_MAX_BYTES = 1024
    data = natural(
        id_type=IdType.OTHER.value,
        id_number="",
        proof=SimpleUploadedFile("scan.pdf", PDF + b"0" * 2048, content_type="application/pdf"),
    )
    html = assert_refused(post(client, data), "proof", "超过了1.0\xa0KB的上限")
    assert KEEP_FILES in html


def test_garbage_choices_and_key_never_give_a_500(client, site):
    data = natural(
        applicant_type="robot",
        id_type="dna",
        information_form="x",
        delivery="y",
        submission_key="zz",
    )
    response = post(client, data)
    assert response.status_code == 200
    assert Application.objects.count() == 0
    html = response.content.decode()
    assert "请从列表中选择申请人类型。" in html and "请从列表中选择证件类型。" in html


def test_without_a_configured_agency_the_form_says_so(client, db):
    response = post(client, natural())
    assert response.status_code == 200
    assert "本站尚未设置受理机关" in response.content.decode()
    assert Application.objects.count() == 0


# --- Anti-abuse -------------------------------------------------------------------------------


def test_filled_honeypot_files_nothing(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, natural(homepage="http://casino.example"))
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert mail.outbox == []
    assert "请确认“请勿填写”一栏为空" in response.content.decode()


def test_rate_limit_per_ip(client, site, settings):
    settings.REQUESTS_SUBMISSIONS_PER_IP_PER_HOUR = 2
    for n in range(2):
        data = natural(id_number=_valid_id(f"1101051980010100{n}"), phone=f"1391234567{n}")
        assert post(client, data).status_code == 302
    data = natural(id_number=_valid_id("11010519800101009"), phone="13912345679")
    response = post(client, data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "提交过于频繁，本次申请未能提交" in html
    assert "2025年度文化惠民演出项目资金安排情况" in html  # input kept
    assert Application.objects.count() == 2
    # Another address is not affected.
    other = natural(id_number=_valid_id("11010519800101008"), phone="13912345670")
    assert post(client, other, REMOTE_ADDR="10.0.0.2").status_code == 302


@pytest.mark.parametrize("same", ["id_number", "phone"])
def test_rate_limit_per_identity(client, site, settings, same):
    settings.REQUESTS_SUBMISSIONS_PER_IDENTITY_PER_DAY = 1
    first = natural(id_number=_valid_id("11010519800101001"), phone="13900000001")
    assert post(client, first).status_code == 302
    second = natural(id_number=_valid_id("11010519800101002"), phone="13900000002")
    second[same] = first[same]
    response = post(client, second, REMOTE_ADDR="10.9.9.9")  # even from another address
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Application.objects.count() == 1
