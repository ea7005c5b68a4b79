"""Factories of 网上办事: themes, service items, materials and forms."""

import hashlib
import io
import zipfile
from datetime import timedelta

import factory
from django.utils import timezone

from services_hall.models import RequiredMaterial, ServiceForm, ServiceItem, ServiceTheme
from tests.factories import OrganisationFactory


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n% service form\n%%EOF\n"


class ServiceThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceTheme
        django_get_or_create = ("name",)

    name = "文化市场"
    order = 0


class ServiceItemFactory(factory.django.DjangoModelFactory):
    """A draft by default; `PublishedServiceItemFactory` for a published one."""

    class Meta:
        model = ServiceItem

    name = factory.Sequence(lambda n: f"营业性演出审批{n}")
    theme = factory.SubFactory(ServiceThemeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    legal_basis = "《营业性演出管理条例》第六条"
    conditions = "依法设立的演出经纪机构"
    procedure = "申请\n受理\n审查\n决定"
    statutory_days = 20
    promised_days = 10
    consult_phone = "024-23232101"
    location = "省政务服务中心文化窗口"


class PublishedServiceItemFactory(ServiceItemFactory):
    status = ServiceItem.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    confidentiality_checked = True


class RequiredMaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredMaterial

    item = factory.SubFactory(PublishedServiceItemFactory)
    name = "营业性演出申请登记表"
    form = "原件1份"


class ServiceFormFactory(factory.django.DjangoModelFactory):
    """A stored form as `service_form_add` stores it."""

    class Meta:
        model = ServiceForm

    item = factory.SubFactory(PublishedServiceItemFactory)
    name = "申请登记表.pdf"
    file = factory.django.FileField(filename="stored.pdf", data=PDF_BYTES)
    extension = "pdf"
    size = len(PDF_BYTES)
    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()
