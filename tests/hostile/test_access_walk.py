"""Object-level access (越权访问): every staff URL walked as an anonymous visitor and as staff of
the wrong role, and the applicant side of 依申请公开 probed by number and code.

The walk reads the URL configuration itself (`get_resolver().url_patterns`), so a staff page
added later is walked too. Path converters are filled with the ids of real objects created with
the factories, so pages are reached with objects that exist.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from requests_app.models import Application, ApplicationFile
from tests.factories import PublishedDocumentFactory, SiteProfileFactory, UserFactory
from tests.interaction.factories import CommentFactory, MessageFactory
from tests.requests_app.factories import ApplicationFactory
from tests.requests_app.test_public_apply import natural

PERSONAL_ID = "210102198001010011"


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def staff_routes() -> list[tuple[str, URLPattern]]:
    return [
        (route, pattern)
        for route, pattern in _walk(get_resolver().url_patterns)
        if route.lstrip("^").startswith(("admin/", "staff/"))
    ]


_MODEL_BY_PREFIX = {
    f"{model._meta.app_label}_{model._meta.model_name}_": model for model in admin.site._registry
}


def concrete_url(route: str, pattern: URLPattern) -> str | None:
    """The route with its converters filled with a real object's id (None: cannot fill)."""
    model = next(
        (m for prefix, m in _MODEL_BY_PREFIX.items() if (pattern.name or "").startswith(prefix)),
        None,
    )
    obj = model._default_manager.order_by("pk").first() if model is not None else None
    path = route.lstrip("^").rstrip("$")
    if path.endswith("\\Z"):
        path = path[:-2]

    def fill(match: re.Match) -> str:
        name = match.group("name") or ""
        if "app_label" in name:
            return model._meta.app_label if model else "auth"
        if obj is not None:
            return str(obj.pk)
        return str(uuid.uuid4()) if "uuid" in match.group(0) else "1"

    path = re.sub(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>", fill, path)
    path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", fill, path)
    if re.search(r"[()\\*+?\[\]]", path):
        return None  # a regex pattern we cannot fill (admin's catch-all)
    return "/" + path


@pytest.fixture
def seeded(calendar_db):
    """One object of each kind the staff pages show, with personal data to look for."""
    SiteProfileFactory()
    application = ApplicationFactory(id_number=PERSONAL_ID, phone="13912345678")
    MessageFactory(phone="13800009999")
    CommentFactory(contact="13700007777")
    PublishedDocumentFactory()
    UserFactory(role="审核员")
    return application


def _requests(client, urls):
    for url in urls:
        response = client.get(url)
        yield url, response


#: Staff URLs that are for anonymous visitors by design (signing in and out).
ANONYMOUS_OK = ("/admin/login/", "/admin/logout/")


def test_every_staff_url_refuses_anonymous_visitors(client, seeded):
    urls = [
        u
        for u in (concrete_url(r, p) for r, p in staff_routes())
        if u and not u.startswith(ANONYMOUS_OK)
    ]
    assert len(urls) > 100  # the walk really covers the admin
    leaks = []
    for url, response in _requests(client, urls):
        if response.status_code == 200 or response.status_code >= 500:
            leaks.append((url, response.status_code))
        elif response.status_code == 302:
            assert "/login/" in response["Location"], (url, response["Location"])
        else:
            assert response.status_code in (403, 404, 405), (url, response.status_code)
        body = response.content.decode(errors="replace")
        assert PERSONAL_ID not in body and "13912345678" not in body, url
    assert not leaks, leaks


def _personal_data_urls() -> list[str]:
    return [
        u
        for r, p in staff_routes()
        if (u := concrete_url(r, p))
        and (
            u.startswith(("/admin/requests_app/", "/staff/ysqgk/"))
            or (u.startswith("/admin/interaction/") and ("message" in u or "comment" in u))
        )
    ]


def test_editor_sees_no_applicant_personal_data(client, seeded):
    """信息发布员 has no business with applications: refused, and no personal data anywhere."""
    client.force_login(UserFactory(role="信息发布员"))
    urls = [u for u in _personal_data_urls() if "/interaction/" not in u]
    assert any("/application/" in u for u in urls)
    for url, response in _requests(client, urls):
        body = response.content.decode(errors="replace")
        assert response.status_code in (302, 403, 404, 405), (url, response.status_code)
        assert PERSONAL_ID not in body and "13912345678" not in body, url


def test_request_handler_cannot_review_or_publish_documents(client, seeded):
    """依申请公开办理员 may not touch the disclosure workflow (送审/审核/发布/撤回)."""
    client.force_login(UserFactory(role="依申请公开办理员"))
    urls = [
        u
        for r, p in staff_routes()
        if (u := concrete_url(r, p)) and u.startswith("/admin/disclosure/document/")
    ]
    assert any(re.search(r"/document/\d+/change/", u) for u in urls), urls
    for url, response in _requests(client, urls):
        assert response.status_code in (302, 403, 404, 405), (url, response.status_code)
    # Nor can the handler POST to them (送审、审核、发布、撤回 are POST actions).
    for url in [u for u in urls if re.search(r"/\d+/", u)]:
        assert client.post(url, {"confidentiality_checked": "on"}).status_code in (
            302,
            403,
            404,
            405,
        )


# --- The applicant side -----------------------------------------------------------------------


def _submit(client, **changes) -> tuple[Application, str]:
    response = client.post("/ysqgk/apply/", natural(**changes))
    assert response.status_code == 302
    page = client.get("/ysqgk/receipt/").content.decode()
    code = re.search(r'data-testid="query-code">([^<]+)<', page).group(1)
    return Application.objects.order_by("-pk").first(), code


@pytest.fixture
def two_applications(client, seeded, settings):
    settings.REQUESTS_SUBMISSIONS_PER_IP_PER_HOUR = 100
    first = _submit(client, subject="第一份申请")
    second = _submit(client, subject="第二份申请")
    client.cookies.clear()
    return first, second


def _look_up(client, number, code):
    return client.post("/ysqgk/lookup/", {"tracking_number": number, "query_code": code})


def test_query_codes_are_long_and_random(two_applications):
    (_, first_code), (_, second_code) = two_applications
    for code in (first_code, second_code):
        assert len(code) >= 16
    assert first_code != second_code


def test_number_and_code_of_different_applications_never_open_either(client, two_applications):
    (first, first_code), (second, second_code) = two_applications
    for number, code in [
        (first.tracking_number, second_code),
        (second.tracking_number, first_code),
        (first.tracking_number, first_code[:-1] + ("A" if first_code[-1] != "A" else "B")),
        (first.tracking_number, first_code.upper() if first_code != first_code.upper() else "x"),
    ]:
        response = _look_up(client, number, code)
        assert response.status_code == 200
        assert "申请编号或查询码不正确" in response.content.decode()
        assert client.get("/ysqgk/lookup/status/").status_code == 302


def test_sequential_tracking_numbers_with_a_valid_code_show_nothing_else(
    client, two_applications, settings
):
    settings.REQUESTS_LOOKUPS_PER_IP_PER_HOUR = 100
    (first, first_code), _ = two_applications
    prefix, number = first.tracking_number.rsplit("-", 1)
    for neighbour in range(max(int(number) - 3, 1), int(number) + 5):
        candidate = f"{prefix}-{neighbour:0{len(number)}d}"
        response = _look_up(client, candidate, first_code)
        if candidate == first.tracking_number:
            assert response.status_code == 302
            page = client.get("/ysqgk/lookup/status/").content.decode()
            assert "第一份申请" in page and "第二份申请" not in page
        else:
            assert "申请编号或查询码不正确" in response.content.decode()


def test_lookup_is_rate_limited(client, two_applications, settings):
    settings.REQUESTS_LOOKUPS_PER_IP_PER_HOUR = 3
    (first, first_code), _ = two_applications
    for _ in range(3):
        assert _look_up(client, first.tracking_number, "guess-guess-guess").status_code == 200
    limited = _look_up(client, first.tracking_number, first_code)
    assert limited.status_code == 429
    assert "查询失败次数过多" in limited.content.decode()


def test_files_of_another_application_are_refused_in_a_valid_session(client, two_applications):
    from django.core.files.base import ContentFile

    (first, first_code), (second, _) = two_applications
    other_file = ApplicationFile.objects.create(
        application=second,
        kind=ApplicationFile.Kind.RELEASED,
        name="答复.pdf",
        file=ContentFile(b"%PDF-1.4 other", name="x.pdf"),
        extension="pdf",
        size=14,
        sha256="0" * 64,
        visible_to_applicant=True,
    )
    own_file = ApplicationFile.objects.create(
        application=first,
        kind=ApplicationFile.Kind.RELEASED,
        name="答复.pdf",
        file=ContentFile(b"%PDF-1.4 own", name="y.pdf"),
        extension="pdf",
        size=12,
        sha256="1" * 64,
        visible_to_applicant=True,
    )
    assert _look_up(client, first.tracking_number, first_code).status_code == 302
    assert client.get(f"/ysqgk/lookup/files/{own_file.public_id}/").status_code == 200
    refused = client.get(f"/ysqgk/lookup/files/{other_file.public_id}/")
    assert refused.status_code == 404
    proof = first.files.filter(kind=ApplicationFile.Kind.IDENTITY_PROOF).first()
    if proof is not None:  # the applicant's own proof is staff-only too
        assert client.get(f"/ysqgk/lookup/files/{proof.public_id}/").status_code == 404
