"""Public views of the 依申请公开 section (/ysqgk/).

* 申请须知, the printable paper form, the 答复期限计算器 page and its JSON twin;
* the online application form → receipt (回执), shown from the session, never with the query
  code in a URL;
* the status lookup by tracking number + query code, and downloads of the reply documents,
  each re-checked against the application authorised in the session.

Views only parse requests and pick templates: filing is `services.application_submit`, access
is `permissions.application_for_applicant`, limits are `ratelimit`. The calculator and the API
parse the same form and call the same selector (`answer_deadline`), so they never disagree.
Errors come back as Chinese messages, never as a 500.
"""

import datetime as dt
import logging
import mimetypes
import time
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from . import notices, ratelimit
from .deadlines import ANSWER_PERIOD_DAYS, MAX_EXTENSION_DAYS, DeadlineError
from .forms import ApplicationForm, DeadlineQueryForm, LookupForm
from .models import Application, ApplicationFile, Notice, NoticeTemplate
from .permissions import application_for_applicant, mask, mask_name
from .selectors import DeadlineAnswer, answer_deadline, count_start_day
from .services import DuplicateSubmission, application_submit
from .services.clock import application_deadline, application_extension_days
from .uploads import PROOF_TYPES_LABEL

logger = logging.getLogger(__name__)

SECTION = "ysqgk"  # highlights 依申请公开 in the main navigation
#: Session keys: the receipt of the last submission, and the application a lookup authorised.
RECEIPT_SESSION_KEY = "requests_app:receipt"
LOOKUP_SESSION_KEY = "requests_app:lookup"
#: How long the receipt (with the query code) and a successful lookup stay in the session.
RECEIPT_SECONDS = 30 * 60
LOOKUP_SECONDS = 20 * 60
#: Notices addressed to the applicant; consultation letters go to third parties and other
#: agencies and may carry their data.
APPLICANT_NOTICE_KINDS = (
    NoticeTemplate.Kind.RECEIPT,
    NoticeTemplate.Kind.CORRECTION,
    NoticeTemplate.Kind.EXTENSION,
    NoticeTemplate.Kind.FEE,
    NoticeTemplate.Kind.REPLY,
    NoticeTemplate.Kind.TERMINATION,
)


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str | None = None  # None: the current page


def ysqgk_trail(current: str | None = None) -> list[Crumb]:
    """首页 › 依申请公开 [› current]."""
    trail = [Crumb("首页", reverse("portal:home"))]
    if current is None:
        return [*trail, Crumb("依申请公开")]
    return [*trail, Crumb("依申请公开", reverse("requests_app:index")), Crumb(current)]


def _answer(form: DeadlineQueryForm) -> DeadlineAnswer | None:
    """Validate ``form`` and compute the deadline; errors are added to the form."""
    if not form.is_valid():
        return None
    try:
        return answer_deadline(
            start=form.cleaned_data["start"], extension_days=form.cleaned_data["extension"]
        )
    except DeadlineError as error:
        form.add_error("start", str(error))
        return None


@require_GET
def deadline_calculator(request):
    """答复期限计算器 (GET form, so a result can be bookmarked and shared)."""
    form = DeadlineQueryForm(request.GET or None)
    answer = _answer(form) if form.is_bound else None
    return render(
        request,
        "requests_app/deadline_calculator.html",
        {
            "form": form,
            "answer": answer,
            "period_days": ANSWER_PERIOD_DAYS,
            "count_start_day": count_start_day(),
            "section": SECTION,
            "trail": ysqgk_trail("答复期限计算器"),
        },
    )


@require_GET
def deadline_api(request):
    """``GET /api/v1/deadline?start=YYYY-MM-DD&extension=0..20``."""
    form = DeadlineQueryForm(request.GET)
    answer = _answer(form)
    if answer is None:
        return JsonResponse(
            {"error": form.error_text()}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    deadline = answer.deadline
    return JsonResponse(
        {
            "start": deadline.start.isoformat(),
            "due": deadline.due.isoformat(),
            "working_days": deadline.working_days,
        },
        json_dumps_params={"ensure_ascii": False},
    )


# --- 申请须知 and the paper form ------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """依申请公开: 申请须知 (第29–33、42、51条), and the ways to apply, calculate and look up."""
    return render(
        request,
        "requests_app/index.html",
        {
            "section": SECTION,
            "trail": ysqgk_trail(),
            "period_days": ANSWER_PERIOD_DAYS,
            "max_extension_days": MAX_EXTENSION_DAYS,
        },
    )


@require_safe
def paper_form(request: HttpRequest) -> HttpResponse:
    """政府信息公开申请表（纸质版）: a printable A4 form to fill in by hand."""
    return render(
        request,
        "requests_app/paper_form.html",
        {
            "section": SECTION,
            "trail": ysqgk_trail("申请表（纸质版）"),
            "form": ApplicationForm(),
        },
    )


# --- The online application ------------------------------------------------------------------


def _render_apply(
    request: HttpRequest, form: ApplicationForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "requests_app/application_form.html",
        {
            "section": SECTION,
            "trail": ysqgk_trail("在线申请"),
            "form": form,
            "proof_types": PROOF_TYPES_LABEL,
        },
        status=status,
    )


def _remember_receipt(request: HttpRequest, application: Application, code: str | None) -> None:
    """Keep the receipt in the session for a while; the query code never goes into a URL."""
    request.session[RECEIPT_SESSION_KEY] = {
        "id": application.pk,
        "key": str(application.submission_key or ""),
        "code": code,
        "expires": time.time() + RECEIPT_SECONDS,
    }


def _redirect_to_existing(request: HttpRequest, application: Application) -> HttpResponse:
    """A form submitted again: show the first submission's receipt, never file it twice."""
    receipt = request.session.get(RECEIPT_SESSION_KEY) or {}
    if receipt.get("id") != application.pk:
        _remember_receipt(request, application, code=None)
    return redirect("requests_app:receipt")


def _add_service_errors(form: ApplicationForm, error: ValidationError) -> None:
    """Show a service's refusal on the form, by field where the field is on the form."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages in by_field.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def _posted_submission_key(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("submission_key", ""))
    except ValueError:
        return None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """在线申请: the form of 第29条; on success, the receipt (回执)."""
    if request.method != "POST":
        return _render_apply(request, ApplicationForm())

    key = _posted_submission_key(request)
    if key is not None:
        existing = Application.objects.filter(submission_key=key).first()
        if existing is not None:
            return _redirect_to_existing(request, existing)

    form = ApplicationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_apply(request, form)
    if form.is_spam:
        logger.info("Application form refused: honeypot filled")
        form.add_error(None, "提交未能完成。请确认“请勿填写”一栏为空后重新提交。")
        return _render_apply(request, form)
    if not ratelimit.submission_allowed(
        ip=ratelimit.client_ip(request), identities=form.identities()
    ):
        form.add_error(
            None,
            "提交过于频繁，本次申请未能提交。请稍后再试，或通过信函、当面等方式提交申请。您填写的内容已保留。",
        )
        return _render_apply(request, form, status=429)

    try:
        application, code = application_submit(
            data=form.application_data(),
            proof=form.cleaned_data.get("proof"),
            submission_key=key,
        )
    except DuplicateSubmission as duplicate:
        return _redirect_to_existing(request, duplicate.application)
    except ValidationError as error:
        _add_service_errors(form, error)
        return _render_apply(request, form)
    _remember_receipt(request, application, code)
    return redirect("requests_app:receipt")


@never_cache
@require_safe
def receipt(request: HttpRequest) -> HttpResponse:
    """回执: the tracking number and, right after submission, the query code."""
    data = request.session.get(RECEIPT_SESSION_KEY)
    application = None
    if data and data.get("expires", 0) > time.time():
        application = (
            Application.objects.filter(pk=data.get("id")).select_related("organisation").first()
        )
    elif data:
        del request.session[RECEIPT_SESSION_KEY]
    return render(
        request,
        "requests_app/receipt.html",
        {
            "section": SECTION,
            "trail": ysqgk_trail("申请回执"),
            "application": application,
            "query_code": data.get("code") if application else None,
            "period_days": ANSWER_PERIOD_DAYS,
        },
    )


# --- Status lookup -------------------------------------------------------------------------------

LOOKUP_FAILED = "申请编号或查询码不正确，请核对后重试。"
LOOKUP_LIMITED = "查询失败次数过多，请一小时后再试。如遗失查询码，请联系受理机关。"


def _render_lookup(request: HttpRequest, form: LookupForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "requests_app/lookup.html",
        {"section": SECTION, "trail": ysqgk_trail("申请查询"), "form": form},
        status=status,
    )


def _authorised_application(request: HttpRequest) -> Application | None:
    """The application a lookup in this session authorised, while it is fresh."""
    data = request.session.get(LOOKUP_SESSION_KEY)
    if not data:
        return None
    if data.get("expires", 0) <= time.time():
        del request.session[LOOKUP_SESSION_KEY]
        return None
    return Application.objects.filter(pk=data.get("id")).select_related("organisation").first()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """申请查询: number + query code → the status page (POST, then redirect)."""
    if request.method != "POST":
        return _render_lookup(request, LookupForm())
    form = LookupForm(request.POST)
    ip = ratelimit.client_ip(request)
    failures = ratelimit.failed_lookups_per_ip()
    if failures.exhausted(ip):
        form.is_valid()
        form.add_error(None, LOOKUP_LIMITED)
        return _render_lookup(request, form, status=429)
    if not form.is_valid():
        return _render_lookup(request, form)
    application = application_for_applicant(
        form.cleaned_data["tracking_number"], form.cleaned_data["query_code"]
    )
    if application is None:
        failures.hit(ip)
        form.add_error(None, LOOKUP_FAILED)
        return _render_lookup(request, form)
    request.session.cycle_key()
    request.session[LOOKUP_SESSION_KEY] = {
        "id": application.pk,
        "expires": time.time() + LOOKUP_SECONDS,
    }
    return redirect("requests_app:status")


@dataclass(frozen=True)
class ApplicantDates:
    """The dates that matter to the applicant, with the clock's state in words."""

    submitted_at: dt.datetime
    received_on: dt.date | None
    due_on: dt.date | None
    original_due_on: dt.date | None
    extension_days: int
    clock_note: str
    answered_on: dt.date | None


def _applicant_dates(application: Application) -> ApplicantDates:
    extension_days = application_extension_days(application) if application.pk else 0
    original_due_on = application.due_on
    clock_note = ""
    if application.clock_error:
        clock_note = application.clock_error
    elif application.clock_start_on is None and application.is_open:
        if application.status == Application.Status.AWAITING_CORRECTION:
            clock_note = "待收到补正材料后重新计算"
        else:
            clock_note = "待确认收到申请后开始计算"
    if extension_days and application.due_on:
        try:
            # The period without the extension: the same computation, extension taken back out.
            deadline = application_deadline(application, extra_extension=-extension_days)
            original_due_on = deadline.due if deadline else None
        except DeadlineError:
            original_due_on = None
    return ApplicantDates(
        submitted_at=application.submitted_at,
        received_on=application.received_on,
        due_on=application.due_on,
        original_due_on=original_due_on,
        extension_days=extension_days,
        clock_note=clock_note,
        answered_on=application.answered_on,
    )


@never_cache
@require_safe
def status(request: HttpRequest) -> HttpResponse:
    """办理进度: status, dates, public timeline and reply documents of the authorised one."""
    application = _authorised_application(request)
    if application is None:
        return redirect("requests_app:lookup")
    return render(
        request,
        "requests_app/status.html",
        {
            "section": SECTION,
            "trail": ysqgk_trail("办理进度"),
            "application": application,
            "masked_name": mask_name(application.name),
            "masked_id_number": mask(application.id_number),
            "dates": _applicant_dates(application),
            "events": application.events.filter(is_public=True).order_by("at", "id"),
            "files": application.files.filter(visible_to_applicant=True).exclude(
                kind=ApplicationFile.Kind.IDENTITY_PROOF
            ),
            "notices": application.notices.filter(kind__in=APPLICANT_NOTICE_KINDS),
            "answered": application.status == Application.Status.ANSWERED,
        },
    )


@never_cache
@require_safe
def file_download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A reply file of the authorised application, always as a download."""
    application = _authorised_application(request)
    if application is None:
        raise Http404("文件不存在或查询已过期，请重新查询。")
    record = (
        application.files.filter(public_id=public_id, visible_to_applicant=True)
        .exclude(kind=ApplicationFile.Kind.IDENTITY_PROOF)
        .first()
    )
    if record is None:
        raise Http404("文件不存在或查询已过期，请重新查询。")
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        logger.error(
            "Reply file %s of application %s is missing",
            record.public_id,
            application.tracking_number,
        )
        raise Http404("文件不存在。") from None
    suffix = f".{record.extension}" if record.extension else ""
    filename = record.name if record.name.lower().endswith(suffix) else f"{record.name}{suffix}"
    content_type = mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_safe
def notice_download(request: HttpRequest, public_id: uuid.UUID, fmt: str) -> HttpResponse:
    """A notice letter (告知书) to the authorised applicant, as .doc or .txt download."""
    application = _authorised_application(request)
    notice = (
        Notice.objects.filter(
            application=application, public_id=public_id, kind__in=APPLICANT_NOTICE_KINDS
        ).first()
        if application is not None
        else None
    )
    if notice is None or fmt not in (notices.DownloadFormat.WORD, notices.DownloadFormat.TEXT):
        raise Http404("文书不存在或查询已过期，请重新查询。")
    response = notices.notice_response(notice, fmt, request=request)
    response["X-Content-Type-Options"] = "nosniff"
    return response
