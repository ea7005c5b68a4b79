"""Fuzzing the open-data API (开放数据接口) with schemathesis against its own OpenAPI document.

Every operation of /api/v1/openapi.json is called in-process (WSGI) with generated parameters,
valid and invalid; every answer must not be a server error and must match what the document
declares (status codes, content type, body schema). A handful of published objects exist so
that detail endpoints also answer 200.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import ColumnFactory, PublishedDocumentFactory, SiteProfileFactory
from tests.interpretations.factories import PublishedInterpretationFactory
from tests.proposals.factories import PublishedReplyFactory

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _keep_test_connection():
    """Like Django's test client: a request must not close the test's database connection
    (the WSGI handler closes it on request_finished; PostgreSQL then fails the next query)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(calendar_db, _keep_test_connection):
    SiteProfileFactory()
    document = PublishedDocumentFactory(column=ColumnFactory(slug="tzgg"))
    PublishedInterpretationFactory()
    PublishedReplyFactory()
    assert document.pk
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_as_documented(case):
    case.call_and_validate(checks=CHECKS)
