"""Markup guards that need no browser: on every public page, and on every public form showing
its errors, each ``id`` is unique and each ``for``/``aria-describedby``/``aria-labelledby``
reference points at an element that exists, so screen readers announce a field's help text and its
error (WCAG 2.1 1.3.1, 3.3.1, 4.1.1, 4.1.2); images carry ``alt``; the page has a language."""

import re

import pytest

from tests.interaction.factories import ConsultationFactory
from tests.test_site import public_urls, site_content  # noqa: F401  (site_content is a fixture)

ID = re.compile(r'\sid="([^"]+)"')
REFERENCES = re.compile(r'\s(for|aria-describedby|aria-labelledby|aria-controls)="([^"]*)"')


def markup_problems(page: str) -> list[str]:
    problems = []
    ids = ID.findall(page)
    seen: set[str] = set()
    for element_id in ids:
        if element_id in seen:
            problems.append(f"duplicate id {element_id!r}")
        seen.add(element_id)
    for attribute, value in REFERENCES.findall(page):
        if not value.strip():
            problems.append(f"empty {attribute}")
        for ref in value.split():
            if ref not in seen:
                problems.append(f"{attribute} points at missing id {ref!r}")
    for img in re.findall(r"<img\b[^>]*>", page):
        if " alt=" not in img:
            problems.append(f"image without alt: {img[:80]}")
    # A multi-line {# … #} is not a Django comment: it shows up as text at the top of the page.
    for leak in ("{#", "#}", "{%", "%}"):
        if leak in page:
            problems.append(f"template syntax shown as text: {leak}")
    if not re.search(r'<html lang="zh-CN"', page):
        problems.append("no lang on <html>")
    return problems


def test_public_pages_have_sound_references(client, site_content):  # noqa: F811
    failures = {}
    for url in public_urls(site_content):
        problems = markup_problems(client.get(url).content.decode())
        if problems:
            failures[url] = problems
    assert not failures, failures


ERROR_STATES = [
    ("post", "/ysqgk/apply/", {"description": "x"}),
    ("post", "/ysqgk/lookup/", {}),
    ("post", "/ysqgk/lookup/", {"tracking_number": "YSQ-2026-000001", "query_code": "wrong"}),
    ("post", "/hdjl/zx/ask/", {"email": "not-an-email", "phone": "12"}),
    ("post", "/hdjl/zx/lookup/", {}),
    ("get", "/ysqgk/calculator/?start=2026-02-30&extension=99", None),
    ("get", "/ysqgk/calculator/?start=&extension=", None),
    ("get", "/xxgk/column/zwdt/?year=abc&validity=nope", None),
    ("get", "/xxgk/catalogue/?year=abc&topic=nope", None),
    ("get", "/hdjl/zx/?topic=nope&year=abc", None),
    ("get", "/zcjd/?form=bad", None),
    ("get", "/jyta/?year=abc", None),
    ("get", "/whrl/?category=nope", None),
]


@pytest.mark.parametrize(("method", "url", "data"), ERROR_STATES)
def test_forms_with_errors_tie_each_error_to_its_field(client, site_content, method, url, data):  # noqa: F811
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    assert markup_problems(page) == [], url
    # Each invalid field announces its error: aria-invalid plus a reference to the message.
    # A radio group is described by its <fieldset>.
    fieldsets = " ".join(re.findall(r'<fieldset[^>]*aria-describedby="([^"]*)"', page))
    for control in re.findall(
        r"<(?:input|select|textarea)\b[^>]*aria-invalid=\"true\"[^>]*>", page
    ):
        if 'type="radio"' in control:
            group = re.search(r'id="(\w+)_\d+"', control).group(1)
            assert f"{group}_error" in fieldsets.split(), control
            continue
        described = re.search(r'aria-describedby="([^"]*)"', control)
        assert described and any(ref.endswith("_error") for ref in described.group(1).split()), (
            control
        )


def test_comment_form_with_errors_ties_each_error_to_its_field(client, site_content):  # noqa: F811
    consultation = ConsultationFactory()
    response = client.post(consultation.get_absolute_url(), {"content": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert markup_problems(page) == []
