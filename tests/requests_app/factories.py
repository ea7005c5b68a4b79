"""Factories for applications. Dates default to a fixed working day in 2026 so that
deadlines compute against the seeded calendar; pass others explicitly."""

import datetime as dt

import factory
from django.utils import timezone

from requests_app.models import (
    Application,
    ApplicantType,
    Channel,
    Consultation,
    Extension,
    FeeNotice,
    IdType,
    Outcome,
    Remedy,
)
from tests.factories import OrganisationFactory

#: A Monday in an ordinary week of 2026.
DEFAULT_RECEIVED_ON = dt.date(2026, 3, 2)


def _valid_id(seventeen: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(seventeen, weights, strict=True))
    return seventeen + "10X98765432"[total % 11]


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A received, in-progress application of a natural person (clock running)."""

    class Meta:
        model = Application

    organisation = factory.SubFactory(OrganisationFactory)
    tracking_number = factory.Sequence(lambda n: f"YSQ-2026-{n + 1:06d}")
    query_code_hash = factory.LazyFunction(lambda: "!")  # unusable; see `with_code`
    channel = Channel.ONLINE
    submitted_at = factory.LazyFunction(
        lambda: timezone.make_aware(dt.datetime.combine(DEFAULT_RECEIVED_ON, dt.time(9, 30)))
    )
    received_on = DEFAULT_RECEIVED_ON
    clock_start_on = factory.SelfAttribute("received_on")
    applicant_type = ApplicantType.NATURAL_PERSON
    name = factory.Sequence(lambda n: f"申请人{n}")
    id_type = IdType.RESIDENT_ID
    id_number = factory.Sequence(lambda n: _valid_id(f"2101021980{(n % 12) + 1:02d}01{n % 1000:03d}"))
    phone = factory.Sequence(lambda n: f"139{n % 100000000:08d}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.com")
    address = "辽宁省沈阳市和平区某某路1号"
    subject = "2025年度文化惠民演出项目资金安排情况"
    description = "请公开2025年度省级文化惠民演出项目的资金安排明细。"
    information_form = Application.InformationForm.ELECTRONIC
    delivery = Application.Delivery.EMAIL
    privacy_consent = True
    status = Application.Status.PROCESSING

    class Params:
        unconfirmed = factory.Trait(
            status=Application.Status.SUBMITTED, received_on=None, clock_start_on=None
        )
        answered = factory.Trait(
            status=Application.Status.ANSWERED,
            outcome=Outcome.DISCLOSED,
            answered_on=factory.LazyAttribute(lambda o: o.received_on + dt.timedelta(days=10)),
        )

    @classmethod
    def with_code(cls, code: str = "secret-code-123", **kwargs) -> Application:
        application = cls(**kwargs)
        application.set_query_code(code)
        application.save(update_fields=["query_code_hash"])
        return application


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    application = factory.SubFactory(ApplicationFactory)
    party_type = Consultation.Party.THIRD_PARTY
    party_name = "某艺术品交易有限公司"
    sent_on = dt.date(2026, 3, 9)


class ExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Extension

    application = factory.SubFactory(ApplicationFactory)
    days = 20
    reason = "需调取多个处室档案，无法在期限内答复。"


class FeeNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeNotice

    application = factory.SubFactory(ApplicationFactory)
    method = FeeNotice.Method.PER_PAGE
    quantity = 50
    amount = 200
    notified_on = dt.date(2026, 3, 9)
    pay_by = dt.date(2026, 4, 7)


class RemedyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Remedy

    application = factory.SubFactory(ApplicationFactory, answered=True)
    kind = Remedy.Kind.RECONSIDERATION
    filed_on = dt.date(2026, 5, 6)
    authority = "辽宁省人民政府"
