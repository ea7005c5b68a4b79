"""Notice letters (告知书): default texts, rendering, numbering and downloads.

Each handling step that the law makes the agency put in writing issues a numbered `Notice`,
rendered from the editable `NoticeTemplate` of its kind (one per kind; the default texts below
are installed by migration ``0004_default_notice_templates`` and follow the document set of
苏政办函〔2019〕98号).

* Templates use Django's template language, rendered from a string by `NOTICE_ENGINE`: the
  built-in tags and filters only (no ``{% load %}`` of other libraries, no file loading), with
  autoescape, over a context of plain values (`notice_context`): no model object is reachable
  from a template.
* The rendered body is stored on the notice as an HTML-safe text (values escaped, markup
  restricted by nh3) with line breaks; `notice_html` and `notice_plain_text` turn it into a page
  or a ``.txt`` file. Whoever shows a notice (public lookup included) should use them.
* Numbers are ``{number_prefix}〔{year}〕{n}号``, counted per organisation, kind and year in
  `NoticeSequence` under ``select_for_update``.
"""

# The default letters are paragraphs whose line breaks matter: long lines are intended.
# ruff: noqa: E501

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe

from portal.counters import increment_counter

from .models import Application, Notice, NoticeSequence, NoticeTemplate, Outcome

Kind = NoticeTemplate.Kind

#: Built-in tags and filters only; templates come from strings, never from files.
NOTICE_ENGINE = Engine(autoescape=True, debug=False, libraries={}, app_dirs=False, dirs=[])

#: Markup a template author may use; everything else is stripped from rendered notices.
ALLOWED_TAGS = {"b", "strong", "em", "u", "br", "p", "span"}

DATE = "Y年n月j日"


# --- Default texts ------------------------------------------------------------------------------

_CONTACT = (
    "（{{ organisation.name }}政府信息公开工作机构　地址：{{ organisation.address }}"
    "{% if organisation.postcode %}　邮政编码：{{ organisation.postcode }}{% endif %}"
    "　联系电话：{{ organisation.phone }}）"
)

_SIGNATURE = (
    """
{{ organisation.name }}
{{ notice.issued_on|date:"Y年n月j日" }}

"""
    + _CONTACT
)

_OPENING = (
    '本机关于{{ application.received_on|date:"Y年n月j日" }}收到您（单位）提出的政府信息公开申请'
    "（申请编号：{{ application.tracking_number }}），申请获取“{{ application.subject }}”"
    "{% if application.document_number %}（文号：{{ application.document_number }}）{% endif %}。"
)


@dataclass(frozen=True)
class DefaultTemplate:
    title: str
    number_prefix: str
    body: str


DEFAULT_TEMPLATES: dict[str, DefaultTemplate] = {
    Kind.RECEIPT: DefaultTemplate(
        "政府信息公开申请受理回执",
        "依申请回执",
        """{{ application.name }}：

您（单位）于{{ application.submitted_on|date:"Y年n月j日" }}通过{{ application.channel }}提交的政府信息公开申请（申请编号：{{ application.tracking_number }}）收悉，所需信息为“{{ application.subject }}”。

根据《中华人民共和国政府信息公开条例》第三十一条的规定，本机关确认收到申请之日为{{ application.received_on|date:"Y年n月j日" }}。本机关将依照该条例第三十三条的规定，自收到申请之日起20个工作日内予以答复{% if application.due_on %}（即{{ application.due_on|date:"Y年n月j日" }}前）{% endif %}；需要延长答复期限的，将另行书面告知。

您（单位）可凭申请编号和查询码在本机关门户网站“依申请公开”栏目查询办理进度。

特此回执。
"""
        + _SIGNATURE,
    ),
    Kind.CORRECTION: DefaultTemplate(
        "政府信息公开申请补正告知书",
        "依申请补正",
        """{{ application.name }}：

"""
        + _OPENING
        + """

经审查，您（单位）的申请内容不明确。根据《中华人民共和国政府信息公开条例》第二十九条、第三十条的规定，请您（单位）对下列事项作出补正：
{% for item in correction.items %}{{ forloop.counter }}.{{ item }}
{% endfor %}
请于{{ correction.deadline_on|date:"Y年n月j日" }}前（含当日）将补正后的申请提交本机关。答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。

特此告知。
"""
        + _SIGNATURE,
    ),
    Kind.CONSULTATION_THIRD_PARTY: DefaultTemplate(
        "政府信息公开征求第三方意见书",
        "依申请征询",
        """{{ consultation.party_name }}：

本机关收到申请人提出的政府信息公开申请（申请编号：{{ application.tracking_number }}），申请获取“{{ application.subject }}”。经审查，该信息的公开可能损害贵方的合法权益。

根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求贵方意见。请自收到本征求意见书之日起15个工作日内（即{{ consultation.reply_due_on|date:"Y年n月j日" }}前）书面提出是否同意公开的意见；不同意公开的，请说明理由。逾期未提出意见的，本机关将依照该条例的规定决定是否公开。

特此函询。
"""
        + _SIGNATURE,
    ),
    Kind.CONSULTATION_AGENCY: DefaultTemplate(
        "政府信息公开征求意见书",
        "依申请征求",
        """{{ consultation.party_name }}：

本机关收到申请人提出的政府信息公开申请（申请编号：{{ application.tracking_number }}），申请获取“{{ application.subject }}”。经查，该信息由本机关与贵机关共同制作。

根据《中华人民共和国政府信息公开条例》第三十四条的规定，现征求贵机关意见。请自收到本征求意见书之日起15个工作日内（即{{ consultation.reply_due_on|date:"Y年n月j日" }}前）提出是否同意公开的意见。逾期未提出意见的，视为同意公开。

特此函询。
"""
        + _SIGNATURE,
    ),
    Kind.EXTENSION: DefaultTemplate(
        "政府信息公开申请延期答复告知书",
        "依申请延期",
        """{{ application.name }}：

"""
        + _OPENING
        + """

因{{ extension.reason }}，本机关无法在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{ extension.days }}个工作日，本机关将于{{ extension.new_due_on|date:"Y年n月j日" }}前作出答复。

特此告知。
"""
        + _SIGNATURE,
    ),
    Kind.FEE: DefaultTemplate(
        "政府信息公开信息处理费收费通知书",
        "依申请收费",
        """{{ application.name }}：

"""
        + _OPENING
        + """

您（单位）申请公开政府信息的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关决定收取信息处理费：
计收方式：{{ fee.method }}
数量：{{ fee.quantity }}{{ fee.unit }}
金额：人民币{{ fee.amount }}元

请自收到本通知次日起20个工作日内（即{{ fee.pay_by|date:"Y年n月j日" }}前）缴纳。缴纳方式请与本机关政府信息公开工作机构联系。逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。

特此通知。
"""
        + _SIGNATURE,
    ),
    Kind.REPLY: DefaultTemplate(
        "政府信息公开申请答复书",
        "依申请答复",
        """{{ application.name }}：

"""
        + _OPENING
        + """现答复如下：

{{ reply.decision }}
{% if reply.reason %}{{ reply.reason }}
{% endif %}{% if reply.legal_basis %}依据：{{ reply.legal_basis }}。
{% endif %}{% if reply.released_files %}随本答复向您（单位）提供以下信息：
{% for name in reply.released_files %}{{ forloop.counter }}.{{ name }}
{% endfor %}{% endif %}
{{ remedy }}

特此答复。
"""
        + _SIGNATURE,
    ),
    Kind.TERMINATION: DefaultTemplate(
        "政府信息公开申请终止办理告知书",
        "依申请终止",
        """{{ application.name }}：

"""
        + _OPENING
        + """

{{ termination.reason }}本机关不再处理该政府信息公开申请。

特此告知。
"""
        + _SIGNATURE,
    ),
}

#: The decision sentence of a reply letter, by table-三 group.
REPLY_DECISIONS = {
    "1": "经审查，您（单位）申请获取的信息属于可以公开的政府信息，本机关予以公开。",
    "2": "经审查，您（单位）申请获取的信息中含有不应当公开的内容，本机关依照《中华人民共和国政府"
    "信息公开条例》第三十七条的规定作区分处理，对可以公开的部分予以公开。",
    "3": "经审查，您（单位）申请获取的信息属于不予公开的政府信息，本机关决定不予公开。",
    "4": "经检索查找，本机关无法向您（单位）提供所申请的政府信息。",
    "5": "经审查，本机关对您（单位）的申请不予处理。",
    "6": "本机关不再处理您（单位）的政府信息公开申请。",
}


def install_default_templates(template_model: Any = NoticeTemplate) -> int:
    """Create the missing notice templates from `DEFAULT_TEMPLATES`; returns how many.

    Called by migration ``0004_default_notice_templates`` with the historical model; existing
    (possibly edited) templates are left alone.
    """
    created = 0
    for kind, default in DEFAULT_TEMPLATES.items():
        _, was_created = template_model.objects.get_or_create(
            kind=str(kind),
            defaults={
                "title": default.title,
                "number_prefix": default.number_prefix,
                "body": default.body,
            },
        )
        created += was_created
    return created


# --- Rendering ----------------------------------------------------------------------------------


def _template_error(error: Exception) -> ValidationError:
    return ValidationError(
        "告知书模板有错误，无法生成文书：%(error)s。请检查 {%% %%} 标签和 {{ }} 变量是否成对、"
        "名称是否正确（模板只能使用内置标签和过滤器）。",
        code="template",
        params={"error": error},
    )


def render_template_body(body: str, context: Mapping[str, Any]) -> str:
    """Render a template text; raises ValidationError (Chinese) for a broken template."""
    try:
        rendered = NOTICE_ENGINE.from_string(body).render(Context(dict(context), autoescape=True))
    except (TemplateSyntaxError, TemplateDoesNotExist) as error:
        raise _template_error(error) from error
    except (TypeError, ValueError, AttributeError, KeyError) as error:  # bad filter arguments
        raise _template_error(error) from error
    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes={})


def validate_template_body(body: str) -> None:
    """Check that a template compiles and renders against sample values (admin form)."""
    render_template_body(body, sample_context())


def _organisation_values(organisation) -> dict[str, str]:
    return {
        "name": organisation.name,
        "short_name": organisation.short_name or organisation.name,
        "address": organisation.address,
        "postcode": organisation.postcode,
        "phone": organisation.phone,
        "fax": organisation.fax,
        "email": organisation.email,
        "office_hours": organisation.office_hours,
    }


def _application_values(application: Application) -> dict[str, Any]:
    return {
        "tracking_number": application.tracking_number or "",
        "name": application.name,
        "contact_person": application.contact_person,
        "applicant_type": application.get_applicant_type_display(),
        "channel": application.get_channel_display(),
        "submitted_on": application.submitted_at.date() if application.submitted_at else None,
        "received_on": application.received_on,
        "due_on": application.due_on,
        "subject": application.subject,
        "document_number": application.document_number,
        "description": application.description,
        "information_form": application.get_information_form_display(),
        "delivery": application.get_delivery_display(),
    }


def notice_context(
    *,
    application: Application,
    number: str,
    title: str,
    issued_on: dt.date,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Plain values for a notice template: `application`, `organisation`, `notice`, `today`,
    plus the step's own values (`correction`, `consultation`, `extension`, `fee`, `reply`,
    `termination`, `remedy`)."""
    return {
        "application": _application_values(application),
        "organisation": _organisation_values(application.organisation),
        "notice": {"number": number, "title": title, "issued_on": issued_on},
        "today": issued_on,
        **(extra or {}),
    }


def sample_context() -> dict[str, Any]:
    """Values used to check an edited template (every variable the defaults use)."""
    day = dt.date(2026, 3, 2)
    return {
        "application": {
            "tracking_number": "YSQ-2026-000001",
            "name": "张三",
            "contact_person": "",
            "applicant_type": "自然人",
            "channel": "互联网（网上申请）",
            "submitted_on": day,
            "received_on": day,
            "due_on": day,
            "subject": "示例信息",
            "document_number": "",
            "description": "示例",
            "information_form": "电子",
            "delivery": "电子邮件",
        },
        "organisation": {
            "name": "示例机关",
            "short_name": "示例",
            "address": "示例地址",
            "postcode": "110000",
            "phone": "024-00000000",
            "fax": "",
            "email": "",
            "office_hours": "",
        },
        "notice": {"number": "依申请告知〔2026〕1号", "title": "示例", "issued_on": day},
        "today": day,
        "correction": {"items": ["示例事项"], "deadline_on": day},
        "consultation": {
            "party_name": "示例单位",
            "party_type": "第三方",
            "sent_on": day,
            "reply_due_on": day,
        },
        "extension": {"days": 20, "reason": "示例", "new_due_on": day, "old_due_on": day},
        "fee": {
            "method": "按量计收",
            "quantity": 50,
            "unit": "页",
            "amount": "200.00",
            "notified_on": day,
            "pay_by": day,
        },
        "reply": {
            "outcome": "（一）予以公开",
            "group": "1",
            "decision": REPLY_DECISIONS["1"],
            "reason": "",
            "legal_basis": "",
            "answered_on": day,
            "released_files": [],
            "partial": False,
        },
        "termination": {"reason": "示例。"},
        "remedy": "示例",
    }


def reply_values(
    *,
    outcome: Outcome,
    reason: str,
    legal_basis: str,
    answered_on: dt.date,
    released_files: Iterable[str],
    partial: bool,
) -> dict[str, Any]:
    return {
        "outcome": outcome.label,
        "group": outcome.group,
        "decision": REPLY_DECISIONS[outcome.group],
        "reason": reason,
        "legal_basis": legal_basis,
        "answered_on": answered_on,
        "released_files": list(released_files),
        "partial": partial,
    }


# --- Numbering and issuing ----------------------------------------------------------------------


def template_for(kind: str) -> NoticeTemplate:
    """The stored template of ``kind``, or an unsaved one with the default text."""
    template = NoticeTemplate.objects.filter(kind=kind).first()
    if template is None:
        default = DEFAULT_TEMPLATES[kind]
        template = NoticeTemplate(
            kind=kind, title=default.title, number_prefix=default.number_prefix, body=default.body
        )
    return template


def next_notice_number(*, organisation, kind: str, year: int, prefix: str) -> str:
    """``{prefix}〔{year}〕{n}号``, n counted per organisation, kind and year (row-locked)."""
    number = increment_counter(
        NoticeSequence, "last_number", organisation=organisation, kind=kind, year=year
    )
    return f"{prefix}〔{year}〕{number}号"


@transaction.atomic
def notice_issue(
    *,
    application: Application,
    kind: str,
    actor,
    issued_on: dt.date,
    extra: Mapping[str, Any] | None = None,
) -> Notice:
    """Render, number and store the notice of ``kind``; ValidationError if its template is broken."""
    template = template_for(kind)
    number = next_notice_number(
        organisation=application.organisation,
        kind=kind,
        year=issued_on.year,
        prefix=template.number_prefix,
    )
    context = notice_context(
        application=application,
        number=number,
        title=template.title,
        issued_on=issued_on,
        extra=extra,
    )
    body = render_template_body(template.body, context)
    return Notice.objects.create(
        application=application,
        organisation=application.organisation,
        kind=kind,
        number=number,
        title=template.title,
        body=body,
        issued_on=issued_on,
        issued_by=actor,
    )


# --- Showing and downloading --------------------------------------------------------------------


def notice_html(notice: Notice) -> SafeString:
    """The body as HTML paragraphs (one per line), for pages, print and Word."""
    clean = nh3.clean(notice.body, tags=ALLOWED_TAGS, attributes={})
    lines = clean.replace("\r\n", "\n").split("\n")
    paragraphs = [
        f"<p>{line}</p>" if line.strip() else '<p class="blank">&nbsp;</p>' for line in lines
    ]
    return mark_safe("\n".join(paragraphs))  # noqa: S308 (sanitised by nh3 above)


def notice_plain_text(notice: Notice) -> str:
    """The notice as plain text (title, number, body)."""
    body = html.unescape(strip_tags(notice.body.replace("<br>", "\n")))
    return f"{notice.title}\n{notice.number}\n\n{body.strip()}\n"


class DownloadFormat:
    PRINT = "print"
    WORD = "doc"
    TEXT = "txt"
    ALL = (PRINT, WORD, TEXT)


def notice_response(notice: Notice, fmt: str, *, request=None) -> HttpResponse:
    """The notice as a printable A4 page, a Word-readable ``.doc`` (HTML) or a ``.txt`` file."""
    if fmt == DownloadFormat.TEXT:
        response = HttpResponse(notice_plain_text(notice), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{notice.number}.txt"
        )
        return response
    for_word = fmt == DownloadFormat.WORD
    page = render_to_string(
        "requests_app/notices/notice_print.html",
        {"notice": notice, "body_html": notice_html(notice), "for_word": for_word},
        request=request,
    )
    if not for_word:
        return HttpResponse(page, content_type="text/html; charset=utf-8")
    response = HttpResponse(page, content_type="application/msword; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{notice.number}.doc"
    )
    return response
