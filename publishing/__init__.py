"""Publishing workflow shared by every published model (统一发布流程).

Documents (信息) and every later kind of published content (政策解读, 建议提案答复, 意见征集,
在线访谈, 办事指南 …) go through the same review workflow (草稿 → 待审核 → 已发布 → 已撤回,
保密审查, personal-data confirmations, no backdating, 定时发布), the same history and the same
integrity checks (forbidden terms, the approved-content fingerprint checked by
`manage.py integrity_scan`). This app holds that layer and no tables of its own:

- `publishing.models`: `Publishable` (abstract: workflow fields and hooks),
  `PublicationStatus`, `PublishableQuerySet` (`published(at=None)`, `newest_first()`);
- `publishing.services`: `publishable_save/check/submit/reject/publish/withdraw/
  return_to_draft`, `content_hash`, `can_publish`, personal-data and forbidden-term checks;
- `publishing.forms`: `PublishableAdminForm` (runs the checks in `clean()`), review forms;
- `publishing.admin`: `PublishableAdminMixin`, `StatusFilter`, `YearFilter`; pages in
  `templates/admin/publishing/`, overridable per model as `admin/<app>/<model>/<page>.html`;
- `publishing.registry`: `register(model)`, `publishable_models()` (read by the scan).

A new app (e.g. 政策解读 `interpretations`) uses it like this::

    # interpretations/models.py
    from simple_history.models import HistoricalRecords
    from publishing.models import Publishable, PublishableQuerySet

    class Interpretation(Publishable):
        CONTENT_FIELDS = ("title", "summary", "body")   # fingerprinted, checked for terms
        HTML_FIELDS = ("body",)                         # sanitised on save
        PUBLISH_PERMISSION = "interpretations.publish_interpretation"

        title = models.CharField(_("标题"), max_length=300)
        summary = models.TextField(_("内容概述"), blank=True)
        body = models.TextField(_("正文"), blank=True)

        objects = PublishableQuerySet.as_manager()
        history = HistoricalRecords(excluded_fields=["updated_at"])

        class Meta:
            verbose_name = verbose_name_plural = _("政策解读")
            ordering = ["-published_at", "-id"]
            permissions = [("publish_interpretation", _("可审核并发布政策解读"))]

        def __str__(self): return self.title
        def get_absolute_url(self): return reverse("interpretations:detail", args=[self.pk])

    # interpretations/apps.py
    class InterpretationsConfig(AppConfig):
        name = "interpretations"
        def ready(self):
            from publishing.registry import register
            from .models import Interpretation
            register(Interpretation)

    # interpretations/services.py: name the workflow for the app
    def interpretation_publish(*, interpretation, actor, **options):
        return publishing.services.publishable_publish(obj=interpretation, actor=actor, **options)

    # interpretations/admin.py
    class InterpretationAdminForm(PublishableAdminForm):
        class Meta:
            model = Interpretation
            fields = "__all__"

    @admin.register(Interpretation)
    class InterpretationAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
        form = InterpretationAdminForm
        list_display = ["title", "status_label", "published_at"]
        list_filter = [StatusFilter, YearFilter]

Then add the publish permission to the 审核员 role in `portal/roles.py`. Override a hook on
the model where its content is more than text fields: `hash_extra()` and `integrity_files()`
for attached files, `integrity_fields()` for further texts, `on_publish()` to issue a number
(see `disclosure.models.Document`: attachments and the 索引号).
"""
