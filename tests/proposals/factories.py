"""Factories of 建议提案办理. Time defaults are computed per object, never at import."""

import datetime as dt

import factory
from django.utils import timezone

from proposals.deadlines import answer_due_on
from proposals.models import (
    Consent,
    Proposal,
    ProposalKind,
    ProposalReply,
    ResultClass,
    answer_months,
)
from publishing.models import PublicationStatus
from tests.factories import OrganisationFactory


def result_class(code: str = "A") -> ResultClass:
    """The seeded class (re-created if a transactional test flushed the table)."""
    labels = {
        "A": "已解决或基本解决",
        "B": "正在解决或列入规划",
        "C": "待以后解决",
        "D": "留作参考",
    }
    obj, _ = ResultClass.objects.get_or_create(
        code=code, defaults={"label": labels.get(code, code), "order": ord(code)}
    )
    return obj


class ProposalFactory(factory.django.DjangoModelFactory):
    """An answered 人大代表建议 with full-text consent; `open=True` for one not yet answered."""

    class Meta:
        model = Proposal

    kind = ProposalKind.SUGGESTION
    year = 2017
    congress_term = "十二届"
    session = "七次会议"
    number = factory.Sequence(lambda n: f"{n + 1:04d}")
    title = factory.Sequence(lambda n: f"关于加强第{n}项文化工作的建议")
    proposers = "王某"
    delegation = "沈阳代表团"
    contact_details = "联系电话 13912345678，沈阳市和平区某路1号"
    lead_unit = factory.SubFactory(OrganisationFactory)
    assigned_on = dt.date(2017, 3, 1)
    is_complex = False
    due_on = factory.LazyAttribute(
        lambda o: answer_due_on(o.assigned_on, months=answer_months(o.is_complex))
    )
    answered_on = dt.date(2017, 5, 26)
    result_class = factory.LazyFunction(result_class)
    consent = Consent.FULL

    class Params:
        open = factory.Trait(answered_on=None, result_class=None)


class ProposalReplyFactory(factory.django.DjangoModelFactory):
    """A draft reply; `PublishedReplyFactory` for a published one."""

    class Meta:
        model = ProposalReply

    proposal = factory.SubFactory(ProposalFactory)
    title = factory.LazyAttribute(
        lambda o: f"关于{o.proposal.meeting_label}第{o.proposal.number}号建议的答复"
    )
    body = "<p>王某代表：您提出的建议收悉，现答复如下：已经解决。</p>"
    abstract = ""


class PublishedReplyFactory(ProposalReplyFactory):
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    confidentiality_checked = True
