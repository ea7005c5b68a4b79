"""Public pages of 互动交流 (/hdjl/): 意见征集 with the comment form, the published Q&A of
网上咨询 / 领导信箱 with search and monthly statistics, the message form, its receipt and the
lookup by tracking number + query code.

Views only parse requests and pick templates: writes are `services`, reads `selectors`, access
`permissions`, limits `requests_app.ratelimit`. Bad input comes back as Chinese messages with
the input kept, never as a 500. The query code never goes into a URL.
"""

from __future__ import annotations

import logging
import mimetypes
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from disclosure.pagination import keyset_page
from requests_app import ratelimit

from . import selectors
from .forms import (
    AnswerFilterForm,
    CommentForm,
    ConsultationFilterForm,
    LookupForm,
    MessageForm,
    StatsYearForm,
)
from .models import Box, Comment, Message, Phase
from .permissions import message_for_citizen
from .services import (
    DuplicateSubmission,
    comment_submit,
    comment_window_refusal,
    message_submit,
    reply_working_days,
)

logger = logging.getLogger(__name__)

SECTION = "hdjl"  # highlights 互动交流 in the main navigation
RECEIPT_SESSION_KEY = "interaction:receipt"
LOOKUP_SESSION_KEY = "interaction:lookup"
RECEIPT_SECONDS = 30 * 60
LOOKUP_SECONDS = 20 * 60
FIRST_STATS_YEAR = 2017  # the 互动交流 columns were opened in 2017

SPAM_REFUSED = "提交未能完成。请确认“请勿填写”一栏为空后重新提交。"
TOO_FREQUENT = "提交过于频繁，本次未能提交。请稍后再试。您填写的内容已保留。"
LOOKUP_FAILED = "留言编号或查询码不正确，请核对后重试。"
LOOKUP_LIMITED = "查询失败次数过多，请一小时后再试。"


def submissions_per_ip() -> ratelimit.Limit:
    limit = getattr(settings, "INTERACTION_SUBMISSIONS_PER_IP_PER_HOUR", 10)
    return ratelimit.Limit("hdjl-submit-ip", limit, ratelimit.HOUR)


def failed_lookups_per_ip() -> ratelimit.Limit:
    limit = getattr(settings, "INTERACTION_LOOKUPS_PER_IP_PER_HOUR", 20)
    return ratelimit.Limit("hdjl-lookup-ip", limit, ratelimit.HOUR)


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str | None = None


def hdjl_trail(*middle: Crumb, current: str | None = None) -> list[Crumb]:
    """首页 › 互动交流 [› …] [› current]."""
    trail = [Crumb("首页", reverse("portal:home"))]
    if current is None and not middle:
        return [*trail, Crumb("互动交流")]
    return [*trail, Crumb("互动交流", reverse("interaction:index")), *middle, Crumb(current or "")]


def _consultations_crumb() -> Crumb:
    return Crumb("意见征集", reverse("interaction:consultation-list"))


def _answers_crumb() -> Crumb:
    return Crumb("网上咨询", reverse("interaction:answer-list"))


def _posted_submission_key(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("submission_key", ""))
    except ValueError:
        return None


def _add_service_errors(form, error: ValidationError) -> None:
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for name, field_messages in by_field.items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)


# --- 互动交流 ------------------------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "interaction/index.html",
        {
            "section": SECTION,
            "trail": hdjl_trail(),
            "open_consultations": list(selectors.public_consultations(phase=Phase.OPEN)[:5]),
            "answers": list(selectors.published_answers().newest_first()[:8]),
            "working_days": reply_working_days(),
        },
    )


# --- 意见征集 ----------------------------------------------------------------------------------


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    """意见征集 list with a status filter (an unknown status shows all, with a note)."""
    form = ConsultationFilterForm(request.GET or None)
    phase = form.phase() if form.is_bound else None
    page = keyset_page(
        selectors.public_consultations(phase=phase),
        per_page=settings.PORTAL_PAGE_SIZE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        number=request.GET.get("page"),
        field="opens_at",
    )
    return render(
        request,
        "interaction/consultation_list.html",
        {
            "section": SECTION,
            "trail": hdjl_trail(current="意见征集"),
            "form": form,
            "page_obj": page,
            "filter_params": {"status": phase.value if phase else ""},
        },
    )


def _render_consultation(
    request: HttpRequest,
    consultation,
    form: CommentForm | None,
    *,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    window_refusal = comment_window_refusal(consultation)
    return render(
        request,
        "interaction/consultation_detail.html",
        {
            "section": SECTION,
            "trail": hdjl_trail(_consultations_crumb(), current=consultation.title),
            "consultation": consultation,
            "phase": consultation.phase,
            "attachments": selectors.public_attachments(consultation),
            "comments": selectors.approved_comments(consultation),
            "feedback": selectors.public_feedback(consultation),
            "policy": selectors.linked_policy(consultation),
            "form": None if window_refusal else (form or CommentForm()),
            "window_refusal": window_refusal,
            "refusal": refusal,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """意见征集 page: draft, attachments, window, approved comments, 采纳情况; the comment form
    while open. A comment outside the window is refused with a message and nothing stored."""
    consultation = selectors.public_consultation(pk)
    if consultation is None:
        raise Http404("该意见征集不存在或尚未发布。")
    if request.method != "POST":
        return _render_consultation(request, consultation, None)

    if refusal := comment_window_refusal(consultation):
        return _render_consultation(request, consultation, None, refusal=refusal)
    key = _posted_submission_key(request)
    if key is not None and Comment.objects.filter(submission_key=key).exists():
        return _comment_already_received(request, consultation)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_consultation(request, consultation, form)
    if form.is_spam:
        logger.info("Comment refused: honeypot filled")
        form.add_error(None, SPAM_REFUSED)
        return _render_consultation(request, consultation, form)
    if not submissions_per_ip().hit(ratelimit.client_ip(request)):
        form.add_error(None, TOO_FREQUENT)
        return _render_consultation(request, consultation, form, status=429)
    try:
        comment_submit(consultation=consultation, data=form.service_data(), submission_key=key)
    except DuplicateSubmission:
        return _comment_already_received(request, consultation)
    except ValidationError as error:
        if getattr(error, "code", None) == "closed":
            return _render_consultation(request, consultation, None, refusal=error.messages[0])
        _add_service_errors(form, error)
        return _render_consultation(request, consultation, form)
    messages.success(request, "您的意见已提交，感谢您的参与！意见经审核后公开；联系方式不会公开。")
    return redirect(f"{consultation.get_absolute_url()}#comments")


def _comment_already_received(request: HttpRequest, consultation) -> HttpResponse:
    messages.info(request, "您的意见此前已经提交，本次没有重复提交。")
    return redirect(f"{consultation.get_absolute_url()}#comments")


@require_safe
def consultation_attachment(request: HttpRequest, public_id) -> HttpResponse:
    """An attachment of a published consultation, always as a download."""
    attachment = selectors.public_attachment(public_id)
    if attachment is None:
        raise Http404("附件不存在")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error("Consultation attachment %s is missing its file", attachment.public_id)
        raise Http404("附件不存在") from None
    suffix = f".{attachment.extension}"
    filename = attachment.name or "附件"
    if attachment.extension and not filename.lower().endswith(suffix):
        filename += suffix
    content_type = mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- 网上咨询 / 领导信箱: published Q&A ----------------------------------------------------------


@require_safe
def answer_list(request: HttpRequest) -> HttpResponse:
    """公开问答 with keyword search (in the published version) and filters; keyset pages."""
    form = AnswerFilterForm(request.GET or None, years=selectors.answer_years())
    filters = (
        form.filters() if form.is_bound else {"query": "", "box": "", "topic": "", "year": None}
    )
    page = keyset_page(
        selectors.search_answers(**filters),
        per_page=settings.PORTAL_PAGE_SIZE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        number=request.GET.get("page"),
    )
    return render(
        request,
        "interaction/answer_list.html",
        {
            "section": SECTION,
            "trail": hdjl_trail(current="网上咨询"),
            "form": form,
            "page_obj": page,
            "filter_params": {
                "q": filters["query"],
                "box": filters["box"],
                "topic": filters["topic"],
                "year": filters["year"] or "",
            },
        },
    )


@require_safe
def answer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    answer = selectors.published_answers().filter(pk=pk).first()
    if answer is None:
        raise Http404("该问答不存在或尚未公开。")
    return render(
        request,
        "interaction/answer_detail.html",
        {
            "section": SECTION,
            "trail": hdjl_trail(_answers_crumb(), current=answer.title),
            "answer": answer,
        },
    )


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    """留言办理统计: per month of a chosen year (a bad year shows the current one)."""
    this_year = timezone.localdate().year
    years = list(range(this_year, FIRST_STATS_YEAR - 1, -1))
    form = StatsYearForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else this_year
    return render(
        request,
        "interaction/statistics.html",
        {
            "section": SECTION,
            "trail": hdjl_trail(_answers_crumb(), current="留言办理统计"),
            "form": form,
            "stats": selectors.monthly_statistics(year),
        },
    )


# --- 写留言, receipt and lookup -----------------------------------------------------------------


def _render_ask(request: HttpRequest, form: MessageForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "interaction/message_form.html",
        {
            "section": SECTION,
            "trail": hdjl_trail(_answers_crumb(), current="我要留言"),
            "form": form,
            "working_days": reply_working_days(),
        },
        status=status,
    )


def _remember_receipt(request: HttpRequest, message: Message, code: str | None) -> None:
    request.session[RECEIPT_SESSION_KEY] = {
        "id": message.pk,
        "code": code,
        "expires": time.time() + RECEIPT_SECONDS,
    }


def _redirect_to_existing(request: HttpRequest, message: Message) -> HttpResponse:
    receipt = request.session.get(RECEIPT_SESSION_KEY) or {}
    if receipt.get("id") != message.pk:
        _remember_receipt(request, message, code=None)
    return redirect("interaction:receipt")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    """我要留言: the form; on success the receipt with the number and the query code."""
    if request.method != "POST":
        initial = {}
        if request.GET.get("box") in Box.values:
            initial["box"] = request.GET["box"]
        return _render_ask(request, MessageForm(initial=initial))
    key = _posted_submission_key(request)
    if key is not None and (existing := Message.objects.filter(submission_key=key).first()):
        return _redirect_to_existing(request, existing)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _render_ask(request, form)
    if form.is_spam:
        logger.info("Message refused: honeypot filled")
        form.add_error(None, SPAM_REFUSED)
        return _render_ask(request, form)
    if not submissions_per_ip().hit(ratelimit.client_ip(request)):
        form.add_error(None, TOO_FREQUENT)
        return _render_ask(request, form, status=429)
    try:
        message, code = message_submit(data=form.service_data(), submission_key=key)
    except DuplicateSubmission as duplicate:
        return _redirect_to_existing(request, duplicate.obj)
    except ValidationError as error:
        _add_service_errors(form, error)
        return _render_ask(request, form)
    _remember_receipt(request, message, code)
    return redirect("interaction:receipt")


@never_cache
@require_safe
def receipt(request: HttpRequest) -> HttpResponse:
    """留言回执: the tracking number and, right after submission, the query code (once)."""
    data = request.session.get(RECEIPT_SESSION_KEY)
    message = None
    if data and data.get("expires", 0) > time.time():
        message = Message.objects.filter(pk=data.get("id")).first()
    elif data:
        del request.session[RECEIPT_SESSION_KEY]
    return render(
        request,
        "interaction/receipt.html",
        {
            "section": SECTION,
            "trail": hdjl_trail(_answers_crumb(), current="留言回执"),
            "message": message,
            "query_code": data.get("code") if message else None,
            "working_days": reply_working_days(),
        },
    )


def _render_lookup(request: HttpRequest, form: LookupForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "interaction/lookup.html",
        {
            "section": SECTION,
            "trail": hdjl_trail(_answers_crumb(), current="留言查询"),
            "form": form,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """留言查询: number + query code → the status page (POST, then redirect)."""
    if request.method != "POST":
        return _render_lookup(request, LookupForm())
    form = LookupForm(request.POST)
    ip = ratelimit.client_ip(request)
    failures = failed_lookups_per_ip()
    if failures.exhausted(ip):
        form.is_valid()
        form.add_error(None, LOOKUP_LIMITED)
        return _render_lookup(request, form, status=429)
    if not form.is_valid():
        return _render_lookup(request, form)
    message = message_for_citizen(
        form.cleaned_data["tracking_number"], form.cleaned_data["query_code"]
    )
    if message is None:
        failures.hit(ip)
        form.add_error(None, LOOKUP_FAILED)
        return _render_lookup(request, form)
    request.session.cycle_key()
    request.session[LOOKUP_SESSION_KEY] = {
        "id": message.pk,
        "expires": time.time() + LOOKUP_SECONDS,
    }
    return redirect("interaction:status")


@never_cache
@require_safe
def status(request: HttpRequest) -> HttpResponse:
    """办理情况 of the message a lookup in this session authorised."""
    data = request.session.get(LOOKUP_SESSION_KEY)
    message = None
    if data and data.get("expires", 0) > time.time():
        message = Message.objects.filter(pk=data.get("id")).select_related("assigned_unit").first()
    if message is None:
        return redirect("interaction:lookup")
    return render(
        request,
        "interaction/status.html",
        {
            "section": SECTION,
            "trail": hdjl_trail(_answers_crumb(), current="办理情况"),
            "message": message,
            "answered": message.status == Message.Status.ANSWERED,
            "rejected": message.status == Message.Status.REJECTED,
        },
    )
