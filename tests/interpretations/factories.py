"""Factories of 政策解读. Time defaults are computed per object, never at import."""

import factory
from django.utils import timezone

from interpretations.models import Interpretation, InterpretationForm, InterpretationRequirement
from publishing.models import PublicationStatus
from tests.factories import OrganisationFactory, PublishedDocumentFactory


def grant(user, *codenames: str):
    """Check that `user`'s role carries these permissions (portal/roles.py) and return it:
    tests use the real roles, never extra grants."""
    held = {perm.split(".", 1)[1] for perm in user.get_all_permissions()}
    missing = set(codenames) - held
    assert not missing, f"role lacks {sorted(missing)}"
    return user


class InterpretationFactory(factory.django.DjangoModelFactory):
    """A draft interpretation of a published document; `PublishedInterpretationFactory` for a
    published one, `external=True` trait for an external policy."""

    class Meta:
        model = Interpretation

    title = factory.Sequence(lambda n: f"第{n}号政策文件解读")
    form = InterpretationForm.TEXT
    body = "<p>一、出台背景。二、主要内容。三、关键词解释。</p>"
    interpreter = "厅办公室主任"
    organisation = factory.SubFactory(OrganisationFactory)
    document = factory.SubFactory(PublishedDocumentFactory)

    class Params:
        external = factory.Trait(
            document=None,
            policy_title="《国家文物事业发展“十三五”规划》",
            policy_number="文物政发〔2017〕4号",
            policy_url="https://www.example.gov.cn/plan.html",
        )


class PublishedInterpretationFactory(InterpretationFactory):
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    confidentiality_checked = True


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterpretationRequirement

    document = factory.SubFactory(PublishedDocumentFactory)
