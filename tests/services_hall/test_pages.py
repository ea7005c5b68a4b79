"""Public pages of 网上办事: catalogue by theme, search, guide pages with the 8 key elements,
form downloads, and that unpublished items never appear."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from services_hall import demo, services
from services_hall.models import ServiceItem
from tests.factories import OrganisationFactory, SiteProfileFactory
from tests.services_hall.factories import (
    PDF_BYTES,
    PublishedServiceItemFactory,
    RequiredMaterialFactory,
    ServiceFormFactory,
    ServiceItemFactory,
    ServiceThemeFactory,
    docx_bytes,
)

pytestmark = pytest.mark.django_db

KEY_ELEMENTS = [
    "事项名称",
    "设定依据",
    "申请条件",
    "办理材料",
    "办理流程",
    "办理时限",
    "收费标准",
    "咨询电话",
]


def clean_page(response) -> str:
    assert response.status_code == 200
    page = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", page)) == 1
    assert not re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script"
    return page


@pytest.fixture
def hall():
    SiteProfileFactory()
    market = ServiceThemeFactory(name="文化市场", order=1)
    relics = ServiceThemeFactory(name="文物", order=2)
    show = PublishedServiceItemFactory(name="营业性演出审批", theme=market)
    RequiredMaterialFactory(item=show, name="营业性演出申请登记表", form="原件1份", order=0)
    RequiredMaterialFactory(item=show, name="营业执照", form="复印件1份", note="加盖公章", order=1)
    form = ServiceFormFactory(item=show, name="营业性演出申请登记表.pdf")
    relic = PublishedServiceItemFactory(
        name="文物保护单位建设控制地带内建设工程设计方案审核",
        theme=relics,
        legal_basis="《中华人民共和国文物保护法》第十八条",
        conditions="",
        procedure="",
        statutory_days=None,
        promised_days=None,
        consult_phone="",
    )
    return {"show": show, "relic": relic, "form": form}


def test_public_pages_are_clean(client, hall):
    for url in [
        "/wsbs/",
        "/wsbs/?q=演出",
        "/wsbs/?q=",
        f"/wsbs/{hall['show'].pk}/",
        f"/wsbs/{hall['relic'].pk}/",
    ]:
        clean_page(client.get(url))


def test_catalogue_groups_items_by_theme(client, hall):
    page = clean_page(client.get("/wsbs/"))
    assert page.index(">文化市场</h2>") < page.index("营业性演出审批") < page.index(">文物</h2>")
    assert page.index(">文物</h2>") < page.index("建设工程设计方案审核")


def test_guide_page_shows_the_key_elements(client, hall):
    page = clean_page(client.get(f"/wsbs/{hall['show'].pk}/"))
    for element in KEY_ELEMENTS:
        assert element in page, element
    assert "<h1>营业性演出审批</h1>" in page
    assert "《营业性演出管理条例》第六条" in page
    assert "法定办结时限：20个工作日；" in page and "承诺办结时限：10个工作日" in page
    assert "不收费" in page and "024-23232101" in page
    assert re.search(r"<td>1</td><td>营业性演出申请登记表</td><td>原件1份</td>", page)
    assert re.search(r"<td>2</td><td>营业执照</td><td>复印件1份</td><td>加盖公章</td>", page)
    assert re.search(r'<ol class="service-guide__steps"><li>申请</li><li>受理</li>', page)
    assert f'href="/wsbs/form/{hall["form"].public_id}/"' in page


def test_empty_key_elements_read_none(client, hall):
    page = clean_page(client.get(f"/wsbs/{hall['relic'].pk}/"))
    for heading in ("申请条件", "办理材料", "办理流程", "表格下载"):
        section = page[page.index(f">{heading}</h2>") :]
        assert section[: section.index("</section>")].count("<p>无</p>") == 1, heading
    assert re.search(r"办理时限</th><td>\s*无\s*</td>", page)
    assert re.search(r"咨询电话</th><td>无</td>", page)


def test_search_by_name_basis_and_conditions(client, hall):
    page = clean_page(client.get("/wsbs/?q=文物保护法"))
    assert "建设工程设计方案审核" in page and "营业性演出审批" not in page
    assert "找到 1 个事项" in page
    page = clean_page(client.get("/wsbs/?q=演出经纪机构"))
    assert "营业性演出审批" in page
    page = clean_page(client.get("/wsbs/?q=不存在的事项"))
    assert "没有找到符合条件的办事事项" in page


def test_oversized_or_hostile_search_is_refused_politely(client, hall):
    page = clean_page(client.get("/wsbs/?q=" + "演" * 51))
    assert "关键词最多50个字" in page
    assert "营业性演出审批" in page  # the full catalogue instead
    page = clean_page(client.get("/wsbs/?q=<script>alert(1)</script>"))
    assert "<script>alert" not in page


def test_form_download_only_for_published_items(client, hall):
    response = client.get(hall["form"].get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]
    draft_form = ServiceFormFactory(item=ServiceItemFactory(name="草稿事项"))
    assert client.get(draft_form.get_absolute_url()).status_code == 404
    item = hall["show"]
    item.status = ServiceItem.Status.WITHDRAWN
    item.save()
    assert client.get(hall["form"].get_absolute_url()).status_code == 404
    assert client.get("/wsbs/form/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_unpublished_items_never_appear(client, hall):
    draft = ServiceItemFactory(name="草稿事项甲")
    pending = ServiceItemFactory(name="待审事项乙", status=ServiceItem.Status.PENDING)
    scheduled = PublishedServiceItemFactory(
        name="定时事项丙", published_at=timezone.now() + timedelta(days=1)
    )
    for url in ("/wsbs/", "/wsbs/?q=事项"):
        page = client.get(url).content.decode()
        for name in ("草稿事项甲", "待审事项乙", "定时事项丙"):
            assert name not in page
    for item in (draft, pending, scheduled):
        assert client.get(f"/wsbs/{item.pk}/").status_code == 404
    assert client.get("/wsbs/999999/").status_code == 404


def test_form_upload_is_validated_and_reapproves(hall_editor, hall_reviewer):
    item = ServiceItemFactory()
    fake = SimpleUploadedFile("表格.pdf", b"MZ not a pdf")
    with pytest.raises(ValidationError) as error:
        services.service_form_add(item=item, uploaded=fake, actor=hall_editor)
    assert "内容与扩展名" in str(error.value)
    with pytest.raises(ValidationError):
        services.service_form_add(
            item=item, uploaded=SimpleUploadedFile("a.exe", b"MZ"), actor=hall_editor
        )
    form = services.service_form_add(
        item=item, uploaded=SimpleUploadedFile("申请表.docx", docx_bytes()), actor=hall_editor
    )
    assert form.name == "申请表.docx" and form.extension == "docx"
    assert "申请表" not in form.file.name  # random stored name
    published = PublishedServiceItemFactory()
    with pytest.raises(PermissionDenied):
        services.service_form_add(
            item=published, uploaded=SimpleUploadedFile("b.pdf", PDF_BYTES), actor=hall_editor
        )
    services.service_form_add(
        item=published, uploaded=SimpleUploadedFile("b.pdf", PDF_BYTES), actor=hall_reviewer
    )
    published.refresh_from_db()
    from publishing.services import content_hash

    assert published.approved_hash == content_hash(published)


def test_promised_days_cannot_exceed_statutory(hall_editor):
    item = ServiceItemFactory.build(
        theme=ServiceThemeFactory(),
        organisation=OrganisationFactory(),
        statutory_days=10,
        promised_days=20,
    )
    with pytest.raises(ValidationError) as error:
        services.service_item_save(item=item, actor=hall_editor)
    assert "承诺办结时限不能超过法定办结时限" in str(error.value)


def test_admin_pages(client, hall_reviewer, hall):
    client.force_login(hall_reviewer)
    assert client.get("/admin/services_hall/serviceitem/").status_code == 200
    assert client.get("/admin/services_hall/serviceitem/add/").status_code == 200
    draft = ServiceItemFactory(name="待发布事项")
    RequiredMaterialFactory(item=draft, name="申请书")
    review = client.get(f"/admin/services_hall/serviceitem/{draft.pk}/review/")
    assert review.status_code == 200 and "申请书" in review.content.decode()


def test_demo_seeds_guides_and_is_idempotent(client, hall_editor, hall_reviewer):
    SiteProfileFactory()
    organisation = OrganisationFactory()
    summary = demo.seed_demo(organisation=organisation, reviewer=hall_reviewer, editor=hall_editor)
    assert "发布" in summary
    count = ServiceItem.objects.count()
    demo.seed_demo(organisation=organisation, reviewer=hall_reviewer, editor=hall_editor)
    assert ServiceItem.objects.count() == count
    page = clean_page(client.get("/wsbs/"))
    for name in (
        "营业性演出审批",
        "娱乐场所从事娱乐场所经营活动审批",
        "艺术品经营单位备案",
        "文物保护单位建设控制地带内建设工程设计方案审核",
    ):
        assert name in page
    item = ServiceItem.objects.get(name="营业性演出审批")
    guide = clean_page(client.get(item.get_absolute_url()))
    assert "《营业性演出管理条例》" in guide and "营业性演出申请登记表.docx" in guide
    assert all(element in guide for element in KEY_ELEMENTS)
    download = client.get(item.forms.get().get_absolute_url())
    assert download.status_code == 200


def test_home_blocks_render(hall):
    from django.template.loader import render_to_string

    from events.selectors import latest_for_home as upcoming_events
    from services_hall.selectors import latest_for_home

    html = render_to_string(
        "services_hall/includes/_home_block.html", {"items": latest_for_home(limit=6)}
    )
    assert "营业性演出审批" in html and 'href="/wsbs/"' in html
    html = render_to_string("events/includes/_home_block.html", {"items": upcoming_events()})
    assert "近期暂无文化活动" in html and 'href="/whrl/"' in html
