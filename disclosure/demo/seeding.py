"""Seeding the demo (演示数据) and generating synthetic documents at volume.

Hand-written documents go through the real workflow (`document_save` → `attachment_add` →
`document_publish` by a reviewer), so their 索引号, reviewer and content fingerprint are what a
real publication produces. The bulk is inserted with `bulk_create` for speed, but every row
still gets what a publication gives it: a unique 索引号 reserved from `IndexNumberSequence`
(so later publications continue after it), a reviewer and review time, the 保密审查 flag and
`approved_hash = services.content_hash(document)`, so `integrity_scan` finds nothing.
"""

import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from simple_history.utils import bulk_create_with_history

from annual_reports.demo import seed_demo_reports
from disclosure import services
from disclosure.models import Column, Document, IndexNumberSequence
from portal import roles
from portal.models import Organisation, SiteProfile
from portal.versioning import bump_content_version

from . import data
from .samples import sample_upload
from .text import DocumentNumbers, TextGenerator, finance_text

FIRST_DAY = date(2016, 1, 4)

# Demo staff accounts: username → (role group or None for the superuser, display name).
DEMO_ACCOUNTS = {
    "admin": (None, "系统管理员"),
    "editor": (roles.EDITOR, "信息发布员（演示）"),
    "reviewer": (roles.REVIEWER, "审核员（演示）"),
}

# How recent the newest item of a column must be, by update class (well inside the inspection
# thresholds of 国办秘函〔2019〕19号: 2 weeks, 6 months, 1 year).
RECENT_WINDOW = {
    Column.UpdateClass.NEWS: timedelta(days=2),
    Column.UpdateClass.NOTICE: timedelta(days=30),
    Column.UpdateClass.PLANNING: timedelta(days=90),
    Column.UpdateClass.OTHER: timedelta(days=120),
}


# --- Accounts --------------------------------------------------------------------------------


def ensure_demo_accounts(*, password: str | None = None) -> dict[str, object]:
    """Create the demo accounts if missing (admin superuser, editor, reviewer) and, when
    `password` is given, set it on all three. New accounts without a password cannot log in."""
    User = get_user_model()
    accounts = {}
    for username, (role, display_name) in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": display_name, "is_staff": True, "is_superuser": role is None},
        )
        if created and password is None:
            user.set_unusable_password()
        if password is not None:
            user.set_password(password)
        user.is_active = user.is_staff = True
        user.is_superuser = role is None or user.is_superuser
        user.save()
        if role:
            user.groups.add(Group.objects.get(name=role))
        accounts[username] = user
    return accounts


# --- Structure -------------------------------------------------------------------------------


@dataclass
class Structure:
    agency: Organisation
    units: dict[str, Organisation]  # by short name
    columns: dict[str, Column]  # by slug
    specs: dict[str, data.ColumnSpec] = field(default_factory=dict)

    def organisation_for(self, unit: str) -> Organisation:
        return self.units[unit] if unit else self.agency


def seed_structure() -> Structure:
    """The agency, its units, the site profile and the column tree; idempotent."""
    agency, _ = Organisation.objects.update_or_create(
        name=data.AGENCY["name"], defaults=data.AGENCY
    )
    units = {}
    for order, (name, short_name, number) in enumerate(data.UNITS, start=1):
        units[short_name], _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "short_name": short_name,
                "parent": agency,
                "code": agency.code,
                "index_number_template": data.unit_index_template(number),
                "order": order,
                "address": agency.address,
                "postcode": agency.postcode,
            },
        )
    if not SiteProfile.objects.exists():
        SiteProfile.objects.create(host=agency, **data.SITE_PROFILE)

    columns: dict[str, Column] = {}
    specs: dict[str, data.ColumnSpec] = {}
    for order, (spec, parent) in enumerate(data.iter_columns(), start=1):
        columns[spec.slug], _ = Column.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "parent": columns[parent.slug] if parent else None,
                "organisation": agency,
                "description": spec.description,
                "kind": spec.kind,
                "update_class": spec.update_class,
                "order": order * 10,
                "show_in_nav": spec.show_in_nav,
                "show_on_home": spec.show_on_home,
                "is_active": True,
            },
        )
        specs[spec.slug] = spec
    return Structure(agency=agency, units=units, columns=columns, specs=specs)


# --- Index numbers (索引号) in blocks ----------------------------------------------------------


def reserve_index_numbers(*, organisation: Organisation, year: int, count: int) -> list[str]:
    """Reserve `count` consecutive 索引号 of `organisation` for `year` in one locked update of
    its `IndexNumberSequence` (the same row `services.next_index_number` advances)."""
    with transaction.atomic():
        sequence, _ = IndexNumberSequence.objects.get_or_create(
            organisation=organisation, year=year
        )
        sequence = IndexNumberSequence.objects.select_for_update().get(pk=sequence.pk)
        first = sequence.last_serial + 1
        sequence.last_serial += count
        sequence.save(update_fields=["last_serial"])
    template, code = organisation.index_number_template, organisation.code
    return [template.format(code=code, year=year, serial=s) for s in range(first, first + count)]


def assign_index_numbers(documents: list[Document], organisations: dict[int, Organisation]) -> None:
    """Give each document a 索引号 of its organisation and local publication year, serials in
    order of publication within a year."""
    groups: dict[tuple[int, int], list[Document]] = defaultdict(list)
    tz = timezone.get_current_timezone()
    for document in documents:
        groups[(document.organisation_id, document.published_at.astimezone(tz).year)].append(
            document
        )
    for (organisation_id, year), members in groups.items():
        members.sort(key=lambda d: d.published_at)
        numbers = reserve_index_numbers(
            organisation=organisations[organisation_id], year=year, count=len(members)
        )
        for document, number in zip(members, numbers, strict=True):
            document.index_number = number


# --- Building published documents in memory -------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where generated documents go: a column, its publishing organisation and text profile."""

    column: Column
    organisation: Organisation
    profile: str
    weight: int = 1  # relative share of generated documents


class DocumentBuilder:
    """Builds unsaved, fully reviewed published `Document`s from the text generator."""

    def __init__(
        self, *, editor, reviewer, seed: int | None = 2017, taken_numbers: Iterable[str] = ()
    ):
        self.text = TextGenerator(seed)
        self.rng = self.text.rng
        self.numbers = DocumentNumbers(taken_numbers)
        self.editor_id = editor.pk
        self.reviewer_id = reviewer.pk
        self.tz = timezone.get_current_timezone()

    def build(self, target: Target, published_at: datetime, *, text=None) -> Document:
        rng = self.rng
        day = published_at.astimezone(self.tz).date()
        generated = text or self.text.generate(target.profile, day)
        written_on = day - timedelta(days=rng.randint(1, 6))
        number = ""
        if generated.number_prefix and rng.random() < 0.9:
            number = self.numbers.next(generated.number_prefix, written_on.year)
        regulatory = generated.regulatory_class
        document = Document(
            column_id=target.column.pk,
            organisation_id=target.organisation.pk,
            title=generated.title,
            document_number=number,
            topic=generated.topic,
            genre=generated.genre,
            regulatory_class=regulatory,
            keywords=generated.keywords,
            summary=generated.summary,
            source=target.organisation.name,
            body=generated.body,
            written_on=written_on,
            effective_on=written_on + timedelta(days=30) if regulatory else None,
            published_at=published_at,
            status=Document.Status.PUBLISHED,
            created_by_id=self.editor_id,
            created_at=published_at - timedelta(days=1, hours=rng.randint(0, 20)),
            submitted_by_id=self.editor_id,
            submitted_at=published_at - timedelta(hours=rng.randint(2, 20)),
            reviewed_by_id=self.reviewer_id,
            reviewed_at=published_at - timedelta(minutes=rng.randint(5, 90)),
            confidentiality_checked=True,
        )
        # Without a primary key content_hash reads only the text fields: no query.
        document.approved_hash = services.content_hash(document)
        return document


def working_moment(day: date, rng: random.Random, *, not_after: datetime) -> datetime:
    """A time in office hours on `day` (moved off weekends), never later than `not_after`."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    moment = datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(8, 17),
        rng.randint(0, 59),
        rng.randint(0, 59),
        tzinfo=timezone.get_current_timezone(),
    )
    if moment > not_after:
        moment = not_after - timedelta(minutes=rng.randint(5, 120))
    return moment


def spread_moments(
    count: int, rng: random.Random, *, now: datetime, recent: timedelta, start: date = FIRST_DAY
) -> list[datetime]:
    """`count` publication times from `start` to `now`; the newest few within `recent`."""
    span = (timezone.localdate(now) - start).days
    moments = [
        working_moment(start + timedelta(days=rng.randint(0, span)), rng, not_after=now)
        for _ in range(count)
    ]
    recent_count = min(count, max(1, count // 30))
    for i in range(recent_count):
        moments[i] = (
            now - timedelta(seconds=rng.randint(600, int(recent.total_seconds())))
        ).replace(microsecond=0)
    return moments


# --- The demo --------------------------------------------------------------------------------


@dataclass
class SeedResult:
    created: bool
    documents: int = 0
    seconds: float = 0.0
    sections: list[str] = field(default_factory=list)


#: The other sections' demo seeders, called after the documents (interpretations refer to them).
SECTION_SEEDERS = [
    "interpretations.demo.seed_demo",
    "proposals.demo.seed_demo",
    "interaction.demo.seed_demo",
    "events.demo.seed_demo",
    "services_hall.demo.seed_demo",
]


def demo_is_seeded() -> bool:
    return Document.objects.filter(organisation__name=data.AGENCY["name"]).exists()


def seed_demo(*, now: datetime | None = None, seed: int = 2017) -> SeedResult:
    """Seed the demo agency, columns and several hundred documents; does nothing if seeded."""
    started = time.perf_counter()
    if demo_is_seeded():
        return SeedResult(created=False, documents=Document.objects.count())
    now = now or timezone.now()
    with transaction.atomic():
        structure = seed_structure()
        accounts = ensure_demo_accounts()
        editor, reviewer = accounts["editor"], accounts["reviewer"]
        published = _seed_handwritten(structure, editor=editor, reviewer=reviewer, now=now)
        _seed_finance(structure, editor=editor, reviewer=reviewer, now=now)
        _seed_generated(structure, editor=editor, reviewer=reviewer, now=now, seed=seed)
        _mark_lapsed(published)
        _seed_workflow_examples(structure, editor=editor, now=now, seed=seed)
        seed_demo_reports(structure, editor=editor, reviewer=reviewer, seed=seed)
        sections = [
            import_string(path)(organisation=structure.agency, reviewer=reviewer, editor=editor)
            for path in SECTION_SEEDERS
        ]
        # The bulk-created documents bypassed the publishing services: index everything once.
        from search.indexing import rebuild_index

        rebuild_index()
    bump_content_version()
    return SeedResult(
        created=True,
        documents=Document.objects.count(),
        seconds=time.perf_counter() - started,
        sections=sections,
    )


def _publish(
    structure: Structure, spec: data.DocSpec, *, editor, reviewer, attachments: Iterable[str] = ()
) -> Document:
    """Draft, attach and publish one hand-written document through the services."""
    document = Document(
        column=structure.columns[spec.column],
        organisation=structure.organisation_for(spec.unit),
        title=spec.title,
        document_number=spec.document_number,
        topic=spec.topic,
        genre=spec.genre,
        regulatory_class=spec.regulatory_class,
        keywords=spec.keywords,
        summary=spec.summary,
        source=structure.organisation_for(spec.unit).name,
        body=spec.body,
        written_on=spec.written_on,
        effective_on=spec.written_on if spec.regulatory_class else None,
    )
    services.document_save(document=document, actor=editor)
    for order, filename in enumerate((*spec.attachments, *attachments)):
        attachment = services.attachment_add(
            document=document,
            uploaded=sample_upload(filename, text=spec.title),
            actor=editor,
            name=filename.rsplit(".", 1)[0],
        )
        attachment.order = order
        attachment.save(update_fields=["order"])
    services.document_submit(document=document, actor=editor)
    published_at = timezone.make_aware(
        datetime.combine(spec.published_on, datetime.min.time()).replace(hour=10, minute=30)
    )
    services.document_publish(
        document=document,
        actor=reviewer,
        confidentiality_checked=True,
        publish_at=published_at,
        historical=True,
    )
    # The workflow ran just now; date it like the original publication (not content: no hash).
    Document.objects.filter(pk=document.pk).update(
        created_at=published_at - timedelta(days=2),
        submitted_at=published_at - timedelta(days=1),
        reviewed_at=published_at - timedelta(hours=1),
    )
    return document


def _seed_handwritten(
    structure: Structure, *, editor, reviewer, now: datetime
) -> dict[str, Document]:
    published: dict[str, Document] = {}
    specs = [*data.REFERENCE_DOCUMENTS, data.GUIDE, *data.LAPSING_DOCUMENTS]
    for key, title, written_on, published_on in data.SYSTEM_DOCUMENTS:
        specs.append(
            data.DocSpec(
                key,
                "gkzd",
                title,
                data.SYSTEM_BODY,
                written_on,
                published_on,
                genre=Document.Genre.OTHER,
                topic=data.GOV_AFFAIRS,
                keywords="政府信息公开 制度",
                unit="办公室",
            )
        )
    for i, (title, body) in enumerate(data.FUNCTION_DOCUMENTS):
        specs.append(
            data.DocSpec(
                f"function-{i}",
                "jgzn",
                title,
                body,
                date(2016, 1, 5),
                date(2016, 1, 6),
                genre=Document.Genre.OTHER,
                topic="国务院组织机构\\其他",
                keywords="机构职能",
                unit="办公室",
            )
        )
    last_year = timezone.localdate(now).year - 1
    for year in range(data.ANNUAL_REPORT_FIRST_YEAR, last_year + 1):
        published_on = date(year + 1, 1, 25)
        if published_on > timezone.localdate(now):
            continue
        body = (
            data.ANNUAL_REPORT_2017
            if year == 2017
            else data.ANNUAL_REPORT_PLACEHOLDER.format(year=year)
        )
        specs.append(
            data.DocSpec(
                f"report-{year}",
                "gknb",
                data.annual_report_title(year),
                body,
                date(year + 1, 1, 20),
                published_on,
                genre=Document.Genre.REPORT,
                topic=data.GOV_AFFAIRS,
                keywords="政府信息公开 年度报告",
                unit="办公室",
                summary=f"辽宁省文化厅{year}年政府信息公开工作情况。",
                attachments=(f"{data.annual_report_title(year)}.pdf",),
            )
        )
    for spec in specs:
        published[spec.key] = _publish(structure, spec, editor=editor, reviewer=reviewer)
    return published


def _seed_finance(structure: Structure, *, editor, reviewer, now: datetime) -> None:
    """部门预算 each February and the previous year's 部门决算 each August, with attachments."""
    today = timezone.localdate(now)
    for year in range(FIRST_DAY.year, today.year + 1):
        for title, published_on in (
            (f"辽宁省文化厅{year}年部门预算", date(year, 2, 16)),
            (f"辽宁省文化厅{year - 1}年部门决算", date(year, 8, 20)),
        ):
            if published_on > today:
                continue
            text = finance_text(title)
            spec = data.DocSpec(
                f"finance-{title}",
                "czyjs",
                title,
                text.body,
                published_on - timedelta(days=5),
                published_on,
                genre=text.genre,
                topic=text.topic,
                keywords=text.keywords,
                summary=text.summary,
                unit="计划财务处",
                attachments=(f"{title}.pdf",),
            )
            _publish(structure, spec, editor=editor, reviewer=reviewer)


def _seed_generated(structure: Structure, *, editor, reviewer, now: datetime, seed: int) -> None:
    taken = Document.objects.exclude(document_number="").values_list("document_number", flat=True)
    builder = DocumentBuilder(editor=editor, reviewer=reviewer, seed=seed, taken_numbers=taken)
    planned: list[tuple[datetime, Target]] = []
    for spec in data.leaf_columns():
        if not spec.profile or not spec.share:
            continue
        target = Target(
            structure.columns[spec.slug], structure.organisation_for(spec.unit), spec.profile
        )
        planned += [
            (moment, target)
            for moment in spread_moments(
                spec.share, builder.rng, now=now, recent=RECENT_WINDOW[spec.update_class]
            )
        ]
    # In date order, so that 文号 serials grow with the date within a year.
    planned.sort(key=lambda item: item[0])
    documents = [builder.build(target, moment) for moment, target in planned]
    organisations = {o.pk: o for o in [structure.agency, *structure.units.values()]}
    assign_index_numbers(documents, organisations)
    bulk_create_with_history(
        documents,
        Document,
        batch_size=500,
        default_user=reviewer,
        default_change_reason="审核发布（演示数据）",
    )


def _mark_lapsed(published: dict[str, Document]) -> None:
    """有效性: mark the replaced originals (validity is not content: the fingerprint stays)."""
    for old_key, new_key, validity, changed_on in data.LAPSED:
        old = published[old_key]
        old.validity = validity
        old.validity_changed_on = changed_on
        old.replaced_by = published[new_key] if new_key else None
        old._change_reason = f"标注{Document.Validity(validity).label}"
        old.save(update_fields=["validity", "validity_changed_on", "replaced_by"])


DRAFTS = [
    ("tzgg", "关于做好元旦春节期间文化市场安全检查工作的通知（征求意见稿）"),
    ("zwdt", "省文化厅召开全省公共文化服务体系建设推进会"),
    ("zcwj", "关于印发《辽宁省非物质文化遗产代表性传承人认定与管理办法》的通知"),
]
PENDING = ("tzgg", "关于组织申报年度公共文化服务示范项目的通知")


def _seed_workflow_examples(structure: Structure, *, editor, now: datetime, seed: int) -> None:
    """A few drafts and one document awaiting review, so the review queue is not empty."""
    text = TextGenerator(seed + 1)
    today = timezone.localdate(now)
    for slug, title in [*DRAFTS, PENDING]:
        generated = text.generate(structure.specs[slug].profile, today)
        document = Document(
            column=structure.columns[slug],
            organisation=structure.agency,
            title=title,
            topic=generated.topic,
            genre=generated.genre,
            keywords=generated.keywords,
            summary=generated.summary,
            source=structure.agency.name,
            body=generated.body,
            written_on=today,
        )
        services.document_save(document=document, actor=editor)
        if (slug, title) == PENDING:
            services.document_submit(document=document, actor=editor)


# --- Volume generation (generate_documents) --------------------------------------------------

ProgressCallback = Callable[[int, int, float], None]


def generation_targets(column_slug: str | None = None) -> list[Target]:
    """Leaf columns of the demo tree with a text profile (creating the tree if needed), or the
    one column named by `column_slug`."""
    structure = seed_structure()
    specs = dict(structure.specs)
    if column_slug:
        column = Column.objects.select_related("organisation").get(slug=column_slug)
        spec = specs.get(column_slug)
        organisation = structure.organisation_for(spec.unit) if spec else column.organisation
        return [Target(column, organisation, (spec.profile if spec else "") or "notice")]
    return [
        Target(
            structure.columns[s.slug], structure.organisation_for(s.unit), s.profile, s.share or 1
        )
        for s in data.leaf_columns()
        if s.profile
    ]


def generate_documents(
    *,
    count: int,
    column_slug: str | None = None,
    batch_size: int = 5000,
    seed: int | None = None,
    now: datetime | None = None,
    progress: ProgressCallback | None = None,
) -> int:
    """Insert `count` synthetic published documents, spread over the years since 2016, in
    batches of `batch_size`, each batch in one transaction. Returns the number inserted.

    No history rows are written for them (simple-history), unlike the demo's documents.
    """
    now = now or timezone.now()
    targets = generation_targets(column_slug)
    accounts = ensure_demo_accounts()
    taken = Document.objects.exclude(document_number="").values_list("document_number", flat=True)
    builder = DocumentBuilder(
        editor=accounts["editor"],
        reviewer=accounts["reviewer"],
        seed=seed,
        taken_numbers=taken.iterator(),
    )
    organisations = {t.organisation.pk: t.organisation for t in targets}
    weights = [t.weight for t in targets]
    rng = builder.rng
    first = timezone.make_aware(datetime.combine(FIRST_DAY, datetime.min.time())).timestamp()
    last = (now - timedelta(minutes=10)).timestamp()
    started, done = time.perf_counter(), 0
    while done < count:
        size = min(batch_size, count - done)
        stamps = sorted(int(rng.uniform(first, last)) for _ in range(size))
        documents = [
            builder.build(target, datetime.fromtimestamp(stamp, tz=UTC))
            for target, stamp in zip(rng.choices(targets, weights, k=size), stamps, strict=True)
        ]
        with transaction.atomic():
            assign_index_numbers(documents, organisations)
            Document.objects.bulk_create(documents, batch_size=size)
        done += size
        if progress:
            progress(done, count, time.perf_counter() - started)
    if connection.vendor == "postgresql":
        # Fresh statistics after a bulk load; without them the planner sorts instead of
        # walking the (published_at, id) index (first column page 190 ms instead of 1 ms).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Document._meta.db_table}")
    bump_content_version()
    return done
