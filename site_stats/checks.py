"""网站自查: the inspection indicators of site_rules.md §6 applied to the live data.

Indicators (检查指标) and how each is decided:

* 栏目不更新 — an active column whose update class has a period (`Column.UPDATE_PERIODS`: 动态要闻
  2 weeks, 通知公告/政策文件 6 months, 人事/规划计划 1 year) and whose newest published document
  (in the column or below it) is older than the period. A column with no document at all is
  reported as blank instead, never twice. Single veto when ≥ 5 动态要闻/通知公告 columns are not
  updated, or ≥ 10 columns of any class.
* 空白栏目 — an active column with no published document in it or in any column below it (a
  parent whose children have content is not blank: its page lists their documents). Single
  veto at ≥ 5.
* 首页不更新 — nothing published in the home-page columns (`show_on_home`, and below them) for
  14 days; with no home-page column, nothing published anywhere. Single veto.
* 互动回应差 — any valid message unanswered for more than 3 months
  (`interaction.selectors.messages_unanswered_over`). Single veto; skipped without that app.
* 安全（禁用词、疑似篡改） — forbidden terms, markup the workflow never stores, and content changed
  outside the workflow (`integrity.scan`). Single veto.
* 未注明发布时间, 内部链接失效, 附件缺失 — deductions (扣分), never a veto.

`run_site_check()` returns a `SiteCheckReport`; the staff page and the `site_check` command
show it. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.db.models import Max, Model
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from disclosure.models import Attachment, Column, Document

# The uncached builder: the self-check must see the columns as they are now, not as cached.
from disclosure.selectors import ColumnNode, ColumnTree
from disclosure.selectors import build_column_tree
from integrity.checks import link_targets
from integrity.scan import FindingKind, scan_published
from portal.models import SiteProfile
from publishing.models import PublicationStatus
from publishing.registry import publishable_models

HOME_PERIOD = dt.timedelta(days=14)
STALE_PRIORITY_VETO = 5  # 动态要闻 + 通知公告 columns not updated
STALE_ANY_VETO = 10  # columns 应更新但长期未更新
BLANK_VETO = 5
PRIORITY_CLASSES = (Column.UpdateClass.NEWS, Column.UpdateClass.NOTICE)
SECURITY_KINDS = (
    FindingKind.FORBIDDEN_TERM, FindingKind.UNSAFE_MARKUP, FindingKind.CONTENT_CHANGED,
)
_SKIPPED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "vbscript:", "#")


class Severity(enum.StrEnum):
    VETO = "veto"
    DEDUCTION = "deduction"

    @property
    def label(self) -> str:
        return {"veto": "单项否决指标", "deduction": "扣分指标"}[self.value]


class Indicator(enum.StrEnum):
    STALE_COLUMNS = "stale_columns"
    BLANK_COLUMNS = "blank_columns"
    HOME_NOT_UPDATED = "home_not_updated"
    UNANSWERED_MESSAGES = "unanswered_messages"
    SECURITY = "security"
    NO_PUBLISH_DATE = "no_publish_date"
    BROKEN_LINKS = "broken_links"
    MISSING_ATTACHMENTS = "missing_attachments"


INDICATOR_LABELS = {
    Indicator.STALE_COLUMNS: "栏目不更新",
    Indicator.BLANK_COLUMNS: "空白栏目",
    Indicator.HOME_NOT_UPDATED: "首页不更新",
    Indicator.UNANSWERED_MESSAGES: "互动回应差（留言超过3个月未答复）",
    Indicator.SECURITY: "安全（禁用词、疑似篡改）",
    Indicator.NO_PUBLISH_DATE: "未注明发布时间",
    Indicator.BROKEN_LINKS: "内部链接失效",
    Indicator.MISSING_ATTACHMENTS: "附件文件缺失",
}


@dataclass(frozen=True)
class Finding:
    """One problem: the object concerned, what is wrong and how to fix it (all in Chinese)."""

    subject: str
    detail: str
    fix: str
    admin_url: str = ""
    public_url: str = ""


@dataclass
class IndicatorResult:
    indicator: Indicator
    severity: Severity
    findings: list[Finding] = field(default_factory=list)
    #: Whether the single-veto threshold is reached (always False for deductions).
    vetoed: bool = False
    #: The rule applied, e.g. "动态要闻、通知公告类栏目未更新≥5个，或…".
    rule: str = ""
    #: Set when the indicator could not be checked (e.g. the app is not installed).
    skipped: str = ""

    @property
    def label(self) -> str:
        return INDICATOR_LABELS[self.indicator]

    @property
    def passed(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict:
        return {
            "code": self.indicator.value,
            "label": self.label,
            "severity": self.severity.value,
            "severity_label": self.severity.label,
            "rule": self.rule,
            "vetoed": self.vetoed,
            "skipped": self.skipped,
            "count": len(self.findings),
            "findings": [asdict(finding) for finding in self.findings],
        }


@dataclass
class SiteCheckReport:
    checked_at: dt.datetime
    results: list[IndicatorResult]

    @property
    def vetoes(self) -> list[IndicatorResult]:
        return [result for result in self.results if result.vetoed]

    @property
    def passed(self) -> bool:
        """合格: no single-veto item fails (deductions are listed but do not fail the check)."""
        return not self.vetoes

    @property
    def verdict(self) -> str:
        return "合格（未触及单项否决指标）" if self.passed else "不合格（触及单项否决指标）"

    @property
    def finding_count(self) -> int:
        return sum(len(result.findings) for result in self.results)

    def as_dict(self) -> dict:
        return {
            "checked_at": self.checked_at.isoformat(),
            "passed": self.passed,
            "verdict": self.verdict,
            "finding_count": self.finding_count,
            "indicators": [result.as_dict() for result in self.results],
        }


# --- Links ------------------------------------------------------------------------------------


def admin_url(obj: Model) -> str:
    """The object's admin change page, or "" when its model has no admin."""
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def _public_url(obj) -> str:
    try:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    except NoReverseMatch:
        return ""


def _date(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}" if moment else "从未发布"


# --- Columns ------------------------------------------------------------------------------------


def _active_tree() -> tuple[ColumnTree, dict[int, Column]]:
    """The tree of active columns (those under a disabled parent are not on the site) and
    the columns themselves, by id."""
    columns = list(Column.objects.filter(is_active=True).order_by("order", "id"))
    return build_column_tree(columns), {column.id: column for column in columns}


def _latest_by_subtree(tree: ColumnTree, at: dt.datetime) -> dict[int, dt.datetime | None]:
    """For every active column, the newest publication date in it or below it."""
    own = dict(
        Document.objects.published(at=at).order_by().values("column_id")
        .annotate(latest=Max("published_at")).values_list("column_id", "latest")
    )

    def latest(node: ColumnNode) -> dt.datetime | None:
        dates = [own.get(node.id)] + [latest(child) for child in node.children]
        dates = [d for d in dates if d is not None]
        result[node.id] = max(dates) if dates else None
        return result[node.id]

    result: dict[int, dt.datetime | None] = {}
    for root in tree.roots:
        latest(root)
    return result


def check_columns(at: dt.datetime) -> tuple[IndicatorResult, IndicatorResult]:
    tree, columns = _active_tree()
    latest = _latest_by_subtree(tree, at)
    stale = IndicatorResult(
        Indicator.STALE_COLUMNS, Severity.VETO,
        rule=f"动态要闻类（2周）、通知公告/政策文件类（6个月）栏目累计未更新≥{STALE_PRIORITY_VETO}个，"
        f"或应更新但长期未更新的栏目≥{STALE_ANY_VETO}个，即单项否决",
    )
    blank = IndicatorResult(
        Indicator.BLANK_COLUMNS, Severity.VETO, rule=f"空白栏目≥{BLANK_VETO}个，即单项否决"
    )
    priority = 0
    for node_id, node in tree.by_id.items():
        column = columns[node_id]
        newest = latest.get(node_id)
        if newest is None:
            blank.findings.append(Finding(
                subject=f"栏目“{column.name}”",
                detail="栏目及其下级栏目没有任何已发布的信息（空白栏目）",
                fix="发布该栏目应有的信息；确实无内容可发布的，停用该栏目或与相近栏目合并（优化调整）。",
                admin_url=admin_url(column), public_url=node.get_absolute_url(),
            ))
            continue
        period = Column.UPDATE_PERIODS.get(column.update_class)
        if period is None or newest >= at - period:
            continue
        if column.update_class in PRIORITY_CLASSES:
            priority += 1
        stale.findings.append(Finding(
            subject=f"栏目“{column.name}”（{column.get_update_class_display()}）",
            detail=f"最近一次发布在{_date(newest)}，已超过{_period_text(period)}未更新",
            fix="及时发布该栏目的最新信息；无力持续更新的栏目应优化调整（合并或停用），"
            "或在栏目设置中更正其更新频率类别。",
            admin_url=admin_url(column), public_url=node.get_absolute_url(),
        ))
    stale.vetoed = priority >= STALE_PRIORITY_VETO or len(stale.findings) >= STALE_ANY_VETO
    blank.vetoed = len(blank.findings) >= BLANK_VETO
    return stale, blank


def _period_text(period: dt.timedelta) -> str:
    if period.days <= 31:
        return f"{period.days // 7}周"
    if period.days < 365:
        return f"{round(period.days / 30.5)}个月"
    return f"{period.days // 365}年"


def check_home(at: dt.datetime) -> IndicatorResult:
    result = IndicatorResult(
        Indicator.HOME_NOT_UPDATED, Severity.VETO, rule="监测2周，首页无信息更新的，即单项否决"
    )
    tree, _ = _active_tree()
    home = tree.home_columns()
    documents = Document.objects.published(at=at)
    if home:
        ids = [node_id for node in home for node_id in node.descendant_ids()]
        documents = documents.filter(column_id__in=ids)
        where = "首页栏目（" + "、".join(node.name for node in home) + "）"
    else:
        where = "全站各栏目（未设置首页栏目，按所有二级页面检查）"
    newest = documents.aggregate(latest=Max("published_at"))["latest"]
    if newest is None or newest < at - HOME_PERIOD:
        result.findings.append(Finding(
            subject="网站首页",
            detail=f"{where}最近一次发布在{_date(newest)}，2周内没有更新",
            fix="在首页显示的栏目中发布最新信息（栏目设置中的“在首页显示最新信息”决定首页栏目）。",
            public_url=reverse("portal:home"),
        ))
        result.vetoed = True
    return result


def check_messages(at: dt.datetime) -> IndicatorResult:
    result = IndicatorResult(
        Indicator.UNANSWERED_MESSAGES, Severity.VETO,
        rule="监测时间点前1年内存在超过3个月未回应的有效留言，即单项否决",
    )
    if not apps.is_installed("interaction"):
        result.skipped = "未安装互动交流模块，未检查"
        return result
    try:
        from interaction.selectors import messages_unanswered_over
    except ImportError:
        result.skipped = "互动交流模块未提供留言查询，未检查"
        return result
    for message in messages_unanswered_over(at=at):
        number = getattr(message, "tracking_number", "") or f"ID {message.pk}"
        result.findings.append(Finding(
            subject=f"留言 {number}“{message.subject}”",
            detail=f"{timezone.localtime(message.submitted_at):%Y-%m-%d}提交，超过3个月未答复",
            fix="立即答复该留言；确属无效留言的，按规定作不予受理处理并说明理由。",
            admin_url=admin_url(message),
        ))
    result.vetoed = bool(result.findings)
    return result


# --- Published content -----------------------------------------------------------------------


def check_security(on_item: Callable | None = None) -> IndicatorResult:
    result = IndicatorResult(
        Indicator.SECURITY, Severity.VETO,
        rule="发布或链接违规内容、内容被篡改等安全问题，即单项否决",
    )
    fixes = {
        FindingKind.FORBIDDEN_TERM: "立即撤回该内容，删除禁用词或违规链接后重新送审；排查账号是否被盗用。",
        FindingKind.UNSAFE_MARKUP: "立即撤回该内容，清除异常代码后重新送审，并排查网页篡改来源。",
        FindingKind.CONTENT_CHANGED: "核对与审核通过版本的差异；属篡改的立即撤回并按安全事件处置，"
        "属正常修改的重新走送审发布流程。",
    }
    for finding in scan_published(check_files=False, on_item=on_item):
        if finding.kind not in SECURITY_KINDS:
            continue
        reference = f"（{finding.reference}）" if finding.reference else ""
        result.findings.append(Finding(
            subject=f"{finding.model_label}《{finding.title}》{reference}",
            detail=finding.detail,
            fix=fixes[finding.kind],
            public_url=finding.url,
        ))
    result.vetoed = bool(result.findings)
    return result


def _published_items() -> Iterator:
    for model in publishable_models():
        queryset = model._default_manager.filter(status=PublicationStatus.PUBLISHED)
        yield from model.scan_queryset(queryset.order_by("pk")).iterator(chunk_size=500)


def check_publish_dates() -> IndicatorResult:
    result = IndicatorResult(
        Indicator.NO_PUBLISH_DATE, Severity.DEDUCTION, rule="未注明信息发布时间的视为不更新"
    )
    for model in publishable_models():
        missing = model._default_manager.filter(
            status=PublicationStatus.PUBLISHED, published_at__isnull=True
        )
        for obj in missing.order_by("pk").iterator(chunk_size=500):
            result.findings.append(Finding(
                subject=f"{obj._meta.verbose_name}《{obj.display_title}》",
                detail="已发布但没有发布日期，页面无法显示发布时间",
                fix="撤回后重新审核发布（审核发布时记录发布时间）。",
                admin_url=admin_url(obj), public_url=_public_url(obj),
            ))
    return result


def site_hosts() -> set[str]:
    """Host names that mean "this site" in an absolute link."""
    hosts = {host.lower() for host in settings.ALLOWED_HOSTS if host and "*" not in host}
    hosts = {host.lstrip(".") for host in hosts}
    profile = SiteProfile.current()
    if profile is not None and profile.site_domain:
        hosts.add(urlsplit(f"//{profile.site_domain.strip()}").hostname or "")
    return {host for host in hosts if host}


def internal_path(href: str, base: str, hosts: set[str]) -> str | None:
    """The path of a link to this site, or None for external links, anchors, mailto: …"""
    href = href.strip()
    if not href or href.lower().startswith(_SKIPPED_SCHEMES):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http", "https"):
        return None
    if parts.netloc and (parts.hostname or "") not in hosts:
        return None
    return parts.path or "/"


def link_problem(path: str, at: dt.datetime) -> str | None:
    """Why an internal path is broken, or None when it leads to a public page."""
    try:
        match = resolve(path)
    except Resolver404:
        if not path.endswith("/"):
            try:
                resolve(path + "/")
                return None
            except Resolver404:
                pass
        if path.startswith((settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/")):
            return None
        return "页面不存在"
    if match.view_name == "disclosure:document":
        if not Document.objects.published(at=at).filter(pk=match.kwargs["pk"]).exists():
            return "链接的信息不存在或未公开（已撤回、未发布）"
    elif match.view_name == "disclosure:attachment":
        if not Attachment.objects.filter(
            public_id=match.kwargs["public_id"], document__in=Document.objects.published(at=at)
        ).exists():
            return "链接的附件不存在或所属信息未公开"
    elif match.view_name == "disclosure:column":
        if not Column.objects.filter(slug=match.kwargs["slug"], is_active=True).exists():
            return "链接的栏目不存在或已停用"
    return None


_LINE = re.compile(r"[^\n]+")


def check_links_and_files(at: dt.datetime, *, check_files: bool = True,
                          on_item: Callable | None = None) -> tuple[IndicatorResult, IndicatorResult]:
    links = IndicatorResult(
        Indicator.BROKEN_LINKS, Severity.DEDUCTION, rule="正文中链接到本站的地址应能正常打开"
    )
    files = IndicatorResult(
        Indicator.MISSING_ATTACHMENTS, Severity.DEDUCTION, rule="已发布内容的附件文件应存在"
    )
    if not check_files:
        files.skipped = "按要求跳过附件文件检查"
    hosts = site_hosts()
    cache: dict[str, str | None] = {}
    for obj in _published_items():
        base = _public_url(obj) or "/"
        subject = f"{obj._meta.verbose_name}《{obj.display_title}》"
        for name in obj.HTML_FIELDS:
            for href in _LINE.findall(link_targets(getattr(obj, name) or "")):
                path = internal_path(href, base, hosts)
                if path is None:
                    continue
                if path not in cache:
                    cache[path] = link_problem(path, at)
                if cache[path]:
                    links.findings.append(Finding(
                        subject=subject,
                        detail=f"{obj.field_label(name)}中的链接“{href}”：{cache[path]}",
                        fix="修改正文中的链接地址或删除该链接，然后重新送审发布。",
                        admin_url=admin_url(obj), public_url=_public_url(obj),
                    ))
        if check_files:
            for label, stored, _expected in obj.integrity_files():
                if not stored.name or not stored.storage.exists(stored.name):
                    files.findings.append(Finding(
                        subject=subject,
                        detail=f"{label}的文件不存在（{stored.name or '未记录存储路径'}）",
                        fix="重新上传该附件（或从备份恢复文件），然后重新送审发布。",
                        admin_url=admin_url(obj), public_url=_public_url(obj),
                    ))
        if on_item is not None:
            on_item(obj)
    return links, files


# --- The whole check ----------------------------------------------------------------------------


def run_site_check(
    *,
    at: dt.datetime | None = None,
    check_files: bool = True,
    on_step: Callable[[str], None] | None = None,
    on_item: Callable | None = None,
) -> SiteCheckReport:
    """Every indicator at `at` (default now). `on_step` receives the name of each step,
    `on_item` each published item read by the content scans (for progress reports)."""
    at = at or timezone.now()
    step = on_step or (lambda name: None)
    step("栏目更新情况和空白栏目")
    stale, blank = check_columns(at)
    step("首页更新情况")
    home = check_home(at)
    step("留言答复情况")
    messages = check_messages(at)
    step("禁用词和疑似篡改")
    security = check_security(on_item=on_item)
    step("发布时间")
    dates = check_publish_dates()
    step("内部链接和附件")
    links, files = check_links_and_files(at, check_files=check_files, on_item=on_item)
    return SiteCheckReport(
        checked_at=at,
        results=[stale, blank, home, messages, security, dates, links, files],
    )
