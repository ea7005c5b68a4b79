"""Content-integrity data: the forbidden-term list (敏感词/违禁词)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ForbiddenTerm(models.Model):
    """A term that may never appear in published content (gambling, pornography, fraud …)."""

    class Category(models.TextChoices):
        GAMBLING = "gambling", _("赌博")
        PORNOGRAPHY = "pornography", _("色情")
        FRAUD = "fraud", _("诈骗")
        DRUGS = "drugs", _("毒品")
        OTHER = "other", _("其他")

    term = models.CharField(_("词语"), max_length=50, unique=True)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("禁用词")
        verbose_name_plural = _("禁用词")
        ordering = ["category", "term"]

    def __str__(self) -> str:
        return self.term
