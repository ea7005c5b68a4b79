"""Public views of the 依申请公开 section: the 答复期限计算器 page and its JSON twin.

Both parse the same form and call the same selector (`answer_deadline`), so the page and the
API can never disagree. Errors — bad input, an extension over the cap, a year whose holiday
schedule is not loaded — come back as Chinese messages (a field error on the page, HTTP 400 with
``{"error": ...}`` from the API), never as a 500.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .deadlines import ANSWER_PERIOD_DAYS, DeadlineError
from .forms import DeadlineQueryForm
from .selectors import DeadlineAnswer, answer_deadline, count_start_day


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
            "trail": [
                {"label": "首页", "url": reverse("portal:home")},
                {"label": "答复期限计算器", "url": None},
            ],
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
