"""2017 documents for the demo's 2017 annual report: the reference report says 门户网站发布政府信息
1161条, so the demo tops the documents published in 2017 up to exactly that number."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from annual_reports import selectors
from disclosure.models import Document

from . import data
from .seeding import DocumentBuilder, Structure, Target, assign_index_numbers

PUBLISHED_IN_2017 = 1161


def top_up_2017(structure: Structure, *, editor, reviewer, seed: int = 2017) -> int:
    """Add generated documents published in 2017 until the agency (with its units) has
    `PUBLISHED_IN_2017`. Returns how many were added."""
    scope = selectors.organisation_scope(structure.agency)
    missing = PUBLISHED_IN_2017 - selectors.documents_published_in(scope, 2017)
    if missing <= 0:
        return 0
    taken = Document.objects.exclude(document_number="").values_list("document_number", flat=True)
    builder = DocumentBuilder(editor=editor, reviewer=reviewer, seed=seed + 17, taken_numbers=taken)
    targets = [
        Target(
            structure.columns[s.slug], structure.organisation_for(s.unit), s.profile, s.share or 1
        )
        for s in data.leaf_columns()
        if s.profile and s.share
    ]
    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    moments = sorted(
        datetime.combine(
            date(2017, 1, 3) + timedelta(days=rng.randint(0, 360)),
            time(rng.randint(8, 17), rng.randint(0, 59)),
            tzinfo=tz,
        )
        for _ in range(missing)
    )
    weights = [t.weight for t in targets]
    documents = [
        builder.build(target, moment)
        for target, moment in zip(rng.choices(targets, weights, k=missing), moments, strict=True)
    ]
    assign_index_numbers(documents, {t.organisation.pk: t.organisation for t in targets})
    bulk_create_with_history(
        documents,
        Document,
        batch_size=500,
        default_user=reviewer,
        default_change_reason="审核发布（演示数据）",
    )
    return missing
