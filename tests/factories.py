"""factory_boy factories. Time defaults are computed per object, never at import."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from disclosure.models import Column, Document
from portal.models import Organisation, SiteProfile


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "辽宁省文化厅"
    short_name = "省文化厅"
    code = "11210000000000001X"
    phone = "024-00000000"


class SiteProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteProfile

    site_name = "辽宁省文化厅政务公开门户"
    host = factory.SubFactory(OrganisationFactory)
    site_id_code = "2100000001"
    icp_number = "辽ICP备00000000号"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")
    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class ColumnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Column

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"column-{n}")
    kind = Column.Kind.LIST


class DocumentFactory(factory.django.DjangoModelFactory):
    """A draft by default; `PublishedDocumentFactory` for a published one."""

    class Meta:
        model = Document

    column = factory.SubFactory(ColumnFactory)
    organisation = factory.SelfAttribute("column.organisation")
    title = factory.Sequence(lambda n: f"关于做好第{n}项文化工作的通知")
    body = "<p>各市文化局：现将有关事项通知如下。</p>"
    written_on = factory.LazyFunction(lambda: timezone.localdate())


class PublishedDocumentFactory(DocumentFactory):
    status = Document.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    confidentiality_checked = True
    index_number = factory.Sequence(lambda n: f"11210000000000001X/2026-{n + 90000:05d}")
