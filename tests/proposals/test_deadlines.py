"""答复期限: calendar months per 《民法典》第二百零二条 (corresponding day, or month end)."""

import datetime as dt

import pytest

from proposals import services
from proposals.deadlines import add_months, answer_due_on
from tests.factories import OrganisationFactory
from tests.proposals.factories import ProposalFactory

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (D(2017, 3, 1), 3, D(2017, 6, 1)),
        (D(2017, 3, 1), 6, D(2017, 9, 1)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),  # no 31 February: month end
        (D(2023, 8, 31), 6, D(2024, 2, 29)),  # leap year
        (D(2026, 11, 30), 3, D(2027, 2, 28)),  # across the year
        (D(2026, 1, 31), 3, D(2026, 4, 30)),
        (D(2026, 5, 31), 1, D(2026, 6, 30)),
        (D(2026, 12, 15), 12, D(2027, 12, 15)),
        (D(2026, 2, 28), 0, D(2026, 2, 28)),
    ],
)
def test_add_months(start, months, due):
    assert add_months(start, months) == due
    assert answer_due_on(start, months=months) == due


def test_negative_months_are_refused():
    with pytest.raises(ValueError, match="月数不能为负数"):
        add_months(D(2026, 1, 1), -1)


@pytest.mark.django_db
@pytest.mark.parametrize(("is_complex", "due"), [(False, D(2025, 11, 30)), (True, D(2026, 2, 28))])
def test_saving_derives_three_or_six_months(editor, is_complex, due):
    proposal = ProposalFactory.build(
        assigned_on=D(2025, 8, 31),
        is_complex=is_complex,
        year=2025,
        due_on=None,
        open=True,
        lead_unit=OrganisationFactory(),
    )
    services.proposal_save(proposal=proposal, actor=editor)
    proposal.refresh_from_db()
    assert proposal.due_on == due


@pytest.mark.django_db
def test_month_settings_are_read(editor, settings):
    settings.PROPOSALS_ANSWER_MONTHS = 2
    settings.PROPOSALS_COMPLEX_ANSWER_MONTHS = 4
    simple = ProposalFactory(assigned_on=D(2017, 3, 1))
    complex_ = ProposalFactory(assigned_on=D(2017, 3, 1), is_complex=True)
    for proposal in (simple, complex_):
        services.proposal_save(proposal=proposal, actor=editor)
    assert simple.due_on == D(2017, 5, 1)
    assert complex_.due_on == D(2017, 7, 1)
