"""Writes of 建议提案办理, one function per state change (`<entity>_<verb>`).

Proposals (staff records) are saved here with their derived due date; replies go through the
publishing workflow (`publishing.services`), whose `on_publish` hook on `ProposalReply`
enforces the proposer's consent in every publish path (admin, bulk action, demo, tests).
"""

import datetime as dt

from django.db import transaction

from publishing import services as publishing

from .deadlines import answer_due_on
from .models import Proposal, ProposalReply, answer_months


def proposal_due_on(proposal: Proposal) -> dt.date:
    """答复期限 of a proposal: 交办日期 + 3 months (6 when complex), settings permitting."""
    return answer_due_on(proposal.assigned_on, months=answer_months(proposal.is_complex))


@transaction.atomic
def proposal_save(*, proposal: Proposal, actor) -> Proposal:
    """Create or update a proposal record; the due date is derived, never typed."""
    creating = proposal.pk is None
    if proposal.assigned_on:
        proposal.due_on = proposal_due_on(proposal)
    proposal.full_clean()
    proposal._change_reason = "登记" if creating else "修改"
    proposal._history_user = actor
    proposal.save()
    return proposal


@transaction.atomic
def proposal_answer(
    *,
    proposal: Proposal,
    actor,
    answered_on: dt.date,
    result_class,
    consent: str,
    consent_reason: str = "",
) -> Proposal:
    """答复: record the answer date, the result class and the proposer's view on publication."""
    proposal.answered_on = answered_on
    proposal.result_class = result_class
    proposal.consent = consent
    proposal.consent_reason = consent_reason
    return proposal_save(proposal=proposal, actor=actor)


def reply_save(*, reply: ProposalReply, actor) -> ProposalReply:
    return publishing.publishable_save(obj=reply, actor=actor)


def reply_submit(*, reply: ProposalReply, actor) -> ProposalReply:
    return publishing.publishable_submit(obj=reply, actor=actor)


def reply_publish(*, reply: ProposalReply, actor, **options) -> ProposalReply:
    """审核发布; refused (ValidationError, Chinese message) against the proposer's consent."""
    return publishing.publishable_publish(obj=reply, actor=actor, **options)


def reply_withdraw(*, reply: ProposalReply, actor, reason: str) -> ProposalReply:
    return publishing.publishable_withdraw(obj=reply, actor=actor, reason=reason)
