"""200 applications filed in parallel on PostgreSQL: none lost, all numbered distinctly; the
same form posted many times at once files it once (the UNIQUE submission key decides)."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection

from requests_app import services
from requests_app.models import ApplicantType, Application, IdType
from tests.factories import SiteProfileFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

SUBMISSIONS = 200
WORKERS = 16


def application_data(n: int) -> dict:
    return {
        "applicant_type": ApplicantType.NATURAL_PERSON,
        "name": f"申请人{n}",
        "id_type": IdType.PASSPORT,
        "id_number": f"E{n:08d}",
        "phone": f"139{n:08d}",
        "subject": f"第{n}项信息",
        "description": "并发提交测试",
        "information_form": Application.InformationForm.ELECTRONIC,
        "delivery": Application.Delivery.ONLINE,
        "privacy_consent": True,
    }


def in_thread(function):
    """Run ``function`` with a connection of the thread's own, closed afterwards."""

    def run(*args):
        try:
            return function(*args)
        finally:
            close_old_connections()
            connection.close()

    return run


@pytest.fixture
def site(calendar_db):
    return SiteProfileFactory()


def test_parallel_submissions_all_stored_with_distinct_numbers(site):
    @in_thread
    def submit(n: int) -> str:
        application, _ = services.application_submit(
            data=application_data(n), submission_key=uuid.uuid4()
        )
        return application.tracking_number

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        numbers = list(pool.map(submit, range(SUBMISSIONS)))

    assert len(set(numbers)) == SUBMISSIONS
    stored = list(Application.objects.values_list("tracking_number", flat=True))
    assert len(stored) == SUBMISSIONS
    assert set(stored) == set(numbers)
    assert all(number is not None for number in stored)


def test_the_same_form_posted_in_parallel_files_one_application(site):
    key = uuid.uuid4()

    @in_thread
    def submit(n: int) -> int:
        try:
            application, _ = services.application_submit(
                data=application_data(n), submission_key=key
            )
        except services.DuplicateSubmission as duplicate:
            return duplicate.application.pk
        return application.pk

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        ids = set(pool.map(submit, range(WORKERS * 2)))

    assert Application.objects.count() == 1
    assert ids == {Application.objects.get().pk}
