"""网站自查: each indicator on a crafted case, the veto thresholds, the command and the page."""

import datetime as dt
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from disclosure.models import Column, Document
from integrity.models import ForbiddenTerm
from site_stats.checks import Indicator, run_site_check
from tests.disclosure.factories_views import AttachmentFactory
from tests.factories import ColumnFactory, PublishedDocumentFactory, UserFactory
from tests.interaction.factories import AnsweredMessageFactory, MessageFactory


def ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def clean_site(db):
    """Columns of every class, each updated within its period; a fresh home column."""
    home = ColumnFactory(name="要闻", slug="yw", update_class=Column.UpdateClass.NEWS,
                        show_on_home=True)
    PublishedDocumentFactory(column=home, published_at=ago(1))
    notices = ColumnFactory(name="通知公告", slug="tzgg", update_class=Column.UpdateClass.NOTICE)
    PublishedDocumentFactory(column=notices, published_at=ago(100))
    plans = ColumnFactory(name="规划计划", slug="ghjh", update_class=Column.UpdateClass.PLANNING)
    PublishedDocumentFactory(column=plans, published_at=ago(300))
    parent = ColumnFactory(name="机构职能", slug="jgzn")  # content only in its child
    PublishedDocumentFactory(column=ColumnFactory(name="内设机构", slug="nsjg", parent=parent))
    ColumnFactory(name="停用栏目", slug="tylm", is_active=False)  # disabled: not checked
    AnsweredMessageFactory(submitted_at=ago(200))
    return {"home": home}


def result(report, indicator):
    return next(r for r in report.results if r.indicator == indicator)


def test_a_clean_site_passes(clean_site):
    report = run_site_check()
    assert report.passed, [(r.label, r.findings) for r in report.results if r.findings]
    assert report.finding_count == 0


def news_columns(count: int, days_ago: int):
    for n in range(count):
        column = ColumnFactory(name=f"动态{n}", update_class=Column.UpdateClass.NEWS)
        PublishedDocumentFactory(column=column, published_at=ago(days_ago))


def test_four_stale_news_columns_are_a_deduction_five_a_veto(clean_site):
    news_columns(4, days_ago=15)
    stale = result(run_site_check(), Indicator.STALE_COLUMNS)
    assert len(stale.findings) == 4 and not stale.vetoed
    assert "已超过2周未更新" in stale.findings[0].detail
    assert stale.findings[0].admin_url.startswith("/admin/disclosure/column/")

    news_columns(1, days_ago=15)
    report = run_site_check()
    assert result(report, Indicator.STALE_COLUMNS).vetoed and not report.passed


def test_ten_long_stale_columns_of_any_class_are_a_veto(clean_site):
    for n in range(9):
        column = ColumnFactory(name=f"人事{n}", update_class=Column.UpdateClass.PLANNING)
        PublishedDocumentFactory(column=column, published_at=ago(400))
    assert not result(run_site_check(), Indicator.STALE_COLUMNS).vetoed
    column = ColumnFactory(name="人事9", update_class=Column.UpdateClass.PLANNING)
    PublishedDocumentFactory(column=column, published_at=ago(400))
    assert result(run_site_check(), Indicator.STALE_COLUMNS).vetoed


def test_blank_columns_four_and_five(clean_site):
    for n in range(4):
        ColumnFactory(name=f"空白{n}")
    # A withdrawn document does not fill a column.
    PublishedDocumentFactory(column=Column.objects.get(name="空白0"),
                             status=Document.Status.WITHDRAWN)
    blank = result(run_site_check(), Indicator.BLANK_COLUMNS)
    assert [f.subject for f in blank.findings] == [f"栏目“空白{n}”" for n in range(4)]
    assert not blank.vetoed
    ColumnFactory(name="空白4")
    assert result(run_site_check(), Indicator.BLANK_COLUMNS).vetoed


def test_home_page_not_updated_for_two_weeks(clean_site):
    Document.objects.filter(column=clean_site["home"]).update(published_at=ago(15))
    home = result(run_site_check(), Indicator.HOME_NOT_UPDATED)
    assert home.vetoed
    assert "要闻" in home.findings[0].detail


def test_message_unanswered_over_three_months(clean_site):
    MessageFactory(submitted_at=ago(80), subject="近期留言")  # under 3 months: fine
    assert result(run_site_check(), Indicator.UNANSWERED_MESSAGES).passed
    MessageFactory(submitted_at=ago(100), subject="关于演出审批的咨询")
    messages = result(run_site_check(), Indicator.UNANSWERED_MESSAGES)
    assert messages.vetoed
    assert "关于演出审批的咨询" in messages.findings[0].subject


def test_document_without_publish_date_is_a_deduction(clean_site):
    PublishedDocumentFactory(column=clean_site["home"], published_at=None, title="无日期的信息")
    report = run_site_check()
    dates = result(report, Indicator.NO_PUBLISH_DATE)
    assert dates.findings[0].subject == "信息《无日期的信息》"
    assert not dates.vetoed and report.passed


def test_broken_internal_links(clean_site, settings):
    settings.ALLOWED_HOSTS = ["testserver", "www.example.gov.cn"]
    withdrawn = PublishedDocumentFactory(column=clean_site["home"],
                                         status=Document.Status.WITHDRAWN)
    good = Document.objects.filter(status=Document.Status.PUBLISHED).first()
    PublishedDocumentFactory(
        column=clean_site["home"], title="含链接的信息",
        body=(
            f'<p><a href="{good.get_absolute_url()}">有效</a>'
            f'<a href="https://www.example.gov.cn/xxgk/doc/{withdrawn.pk}/">撤回</a>'
            '<a href="/no/such/page/">不存在</a>'
            '<a href="https://www.other.cn/none/">外站</a>'
            '<a href="mailto:a@b.cn">邮件</a><a href="#top">锚点</a></p>'
        ),
    )
    links = result(run_site_check(), Indicator.BROKEN_LINKS)
    details = [f.detail for f in links.findings]
    assert len(details) == 2
    assert f"/xxgk/doc/{withdrawn.pk}/" in details[0] and "未公开" in details[0]
    assert "/no/such/page/" in details[1] and "页面不存在" in details[1]


def test_missing_attachment_file(clean_site):
    attachment = AttachmentFactory(document=Document.objects.first())
    assert result(run_site_check(), Indicator.MISSING_ATTACHMENTS).passed
    attachment.file.storage.delete(attachment.file.name)
    files = result(run_site_check(), Indicator.MISSING_ATTACHMENTS)
    assert "实施方案.pdf" in files.findings[0].detail
    assert not files.vetoed


def test_forbidden_term_is_a_veto(clean_site):
    PublishedDocumentFactory(column=clean_site["home"], body="<p>欢迎访问必赢娱乐城</p>")
    ForbiddenTerm.objects.create(term="必赢娱乐城", category=ForbiddenTerm.Category.OTHER)
    security = result(run_site_check(), Indicator.SECURITY)
    assert security.vetoed and "必赢娱乐城" in security.findings[0].detail


# --- The command -----------------------------------------------------------------------------


def test_command_exits_zero_on_a_clean_site(clean_site, capsys):
    call_command("site_check")
    out = capsys.readouterr()
    assert "结论：合格" in out.out
    assert "正在检查：栏目更新情况" in out.err


def test_command_fails_on_a_veto_and_prints_findings(clean_site, capsys):
    news_columns(5, days_ago=20)
    with pytest.raises(CommandError, match="单项否决指标（栏目不更新）"):
        call_command("site_check", "--quiet")
    out = capsys.readouterr().out
    assert "栏目“动态0”" in out and "整改：" in out and "结论：不合格" in out


def test_command_json(clean_site, capsys):
    for n in range(5):
        ColumnFactory(name=f"空白{n}")
    with pytest.raises(CommandError):
        call_command("site_check", "--json", "--quiet")
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] is False
    blank = next(i for i in data["indicators"] if i["code"] == "blank_columns")
    assert blank["vetoed"] is True and blank["count"] == 5
    assert blank["findings"][0]["fix"]


def test_command_rejects_bad_progress_option(db):
    with pytest.raises(CommandError):
        call_command("site_check", "--progress-every", "0")


# --- The staff page --------------------------------------------------------------------------


def test_staff_page_access(client, clean_site):
    url = "/staff/site-check/"
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    client.force_login(UserFactory(is_staff=False))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())  # staff without the permission
    assert client.get(url).status_code == 403

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_site_check"))
    client.force_login(user)
    news_columns(5, days_ago=20)
    page = client.get(url).content.decode()
    assert "不合格（触及单项否决指标）" in page
    assert "栏目“动态0”" in page and "后台修改" in page
