"""/api/v1/openapi.json: a valid OpenAPI 3.1 document naming every endpoint, and every live
answer (success and error) valid against the schema it declares."""

import pytest
from django.urls import get_resolver
from jsonschema import Draft202012Validator, FormatChecker

from api.openapi import document as openapi_document
from tests.disclosure.factories_views import AttachmentFactory
from tests.factories import ColumnFactory, PublishedDocumentFactory
from tests.interpretations.factories import PublishedInterpretationFactory
from tests.proposals.factories import PublishedReplyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(client, site):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def validator(spec: dict, path: str, status: str) -> Draft202012Validator:
    responses = spec["paths"][path]["get"]["responses"]
    schema = responses[status]["content"]["application/json"]["schema"]
    # The schema's $refs point into the document: validate with the document as root.
    return Draft202012Validator(
        {**schema, "components": spec["components"]}, format_checker=FormatChecker()
    )


def assert_valid(client, spec, url: str, path: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.content)
    body = response.json()
    errors = list(validator(spec, path, str(status)).iter_errors(body))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    return body


def test_the_document_is_valid_openapi(spec):
    openapi_spec_validator = pytest.importorskip("openapi_spec_validator")

    openapi_spec_validator.validate(spec)
    assert spec["openapi"].startswith("3.1")


def test_every_api_url_is_described(spec):
    resolver = get_resolver()
    routes = set()
    for pattern in resolver.url_patterns:
        if str(pattern.pattern) != "api/v1/":
            continue
        for inner in pattern.url_patterns:
            route = str(inner.pattern).replace("<int:pk>", "{id}").replace("<int:year>", "{year}")
            routes.add(f"/{route}")
    assert routes == set(spec["paths"])
    assert "/deadline" in routes


def test_the_served_document_is_the_module_document(spec):
    assert spec == openapi_document()


def test_live_answers_validate(client, spec, site, annual_report, calendar_db):
    column = ColumnFactory(slug="tzgg", name="通知公告", organisation=site.host)
    ColumnFactory(parent=column, slug="gsgg", name="公示")
    replacement = PublishedDocumentFactory(column=column, summary="摘要")
    document = PublishedDocumentFactory(column=column, replaced_by=replacement)
    AttachmentFactory(document=document)
    for _ in range(3):
        PublishedDocumentFactory(column=column)
    interpretation = PublishedInterpretationFactory(document=document)
    PublishedInterpretationFactory(external=True)
    reply = PublishedReplyFactory()

    listed = assert_valid(client, spec, "/api/v1/documents?limit=2&column=tzgg", "/documents")
    assert listed["next"]
    assert_valid(client, spec, listed["next"].removeprefix("http://testserver"), "/documents")
    assert_valid(client, spec, f"/api/v1/documents/{document.pk}", "/documents/{id}")
    assert_valid(client, spec, "/api/v1/columns", "/columns")
    assert_valid(client, spec, "/api/v1/interpretations", "/interpretations")
    assert_valid(
        client, spec, f"/api/v1/interpretations/{interpretation.pk}", "/interpretations/{id}"
    )
    assert_valid(client, spec, "/api/v1/proposal-replies", "/proposal-replies")
    assert_valid(client, spec, f"/api/v1/proposal-replies/{reply.pk}", "/proposal-replies/{id}")
    assert_valid(client, spec, "/api/v1/annual-reports", "/annual-reports")
    assert_valid(client, spec, "/api/v1/annual-reports/2025", "/annual-reports/{year}")
    assert_valid(client, spec, "/api/v1/deadline?start=2026-03-05&extension=5", "/deadline")


def test_error_answers_validate(client, spec, site, calendar_db):
    cases = [
        ("/api/v1/documents?limit=0", "/documents", 400),
        ("/api/v1/documents?genre=小说", "/documents", 400),
        ("/api/v1/documents/999", "/documents/{id}", 404),
        ("/api/v1/interpretations?year=x", "/interpretations", 400),
        ("/api/v1/proposal-replies/999", "/proposal-replies/{id}", 404),
        ("/api/v1/annual-reports/2019", "/annual-reports/{year}", 404),
        ("/api/v1/deadline?start=bad", "/deadline", 400),
    ]
    for url, path, status in cases:
        body = assert_valid(client, spec, url, path, status)
        assert body["error"]
