"""Organisations and the site profile.

The portal serves one agency today, but provinces run one platform for all their departments
(政府网站集约化), so every organisation-level fact (name, code for 索引号, contacts) lives on
`Organisation`, and the site itself only names its host organisation.
"""

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import localcache


class Organisation(models.Model):
    """An agency or one of its internal units (发布机构 / 受理机关)."""

    name = models.CharField(_("机构名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    code = models.CharField(
        _("机构代码"),
        max_length=18,
        help_text=_("统一社会信用代码或组织机构代码，用于生成索引号。"),
    )
    index_number_template = models.CharField(
        _("索引号模板"),
        max_length=60,
        default="{code}/{year}-{serial:05d}",
        help_text=_("可用占位符：{code} 机构代码、{year} 年份、{serial} 年度流水号，例如 {code}/{year}-{serial:05d}。"),
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    fax = models.CharField(_("传真"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def root(self) -> "Organisation":
        """The agency this unit belongs to (itself when it has no parent)."""
        node = self
        while node.parent_id:
            node = node.parent
        return node


class SiteProfile(models.Model):
    """The website's identity: host organisation and the footer items of 《政府网站发展指引》."""

    CACHE_KEY = "portal:site-profile"

    site_name = models.CharField(_("网站名称"), max_length=100)
    host = models.ForeignKey(
        Organisation, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    site_domain = models.CharField(_("网站域名"), max_length=100, blank=True)
    site_id_code = models.CharField(_("网站标识码"), max_length=20, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=50, blank=True)
    police_record_number = models.CharField(_("公安机关备案号"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    contact_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    error_report_email = models.EmailField(
        _("网站纠错邮箱"), blank=True, help_text=_("页脚“我为政府网站找错”入口使用的邮箱。")
    )

    class Meta:
        verbose_name = _("站点信息")
        verbose_name_plural = _("站点信息")

    def __str__(self) -> str:
        return self.site_name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        localcache.delete(self.CACHE_KEY)

    @classmethod
    def current(cls) -> "SiteProfile | None":
        """The site profile, cached; None until one is configured."""

        def read() -> "SiteProfile | None":
            profile = cache.get(cls.CACHE_KEY)
            if profile is None:
                profile = cls.objects.select_related("host").order_by("id").first()
                if profile is not None:
                    cache.set(cls.CACHE_KEY, profile, 300)
            return profile

        return localcache.remembered(cls.CACHE_KEY, read)
