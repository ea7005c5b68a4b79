import django.db.models.deletion
from django.db import migrations, models


def fill_organisation(apps, schema_editor):
    Notice = apps.get_model("requests_app", "Notice")
    for notice in Notice.objects.select_related("application"):
        notice.organisation_id = notice.application.organisation_id
        notice.save(update_fields=["organisation"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("requests_app", "0004_default_notice_templates"),
    ]

    operations = [
        migrations.AddField(
            model_name="notice",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                help_text="文书编号在出具机关内唯一。",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portal.organisation",
                verbose_name="出具机关",
            ),
        ),
        migrations.RunPython(fill_organisation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="notice",
            name="organisation",
            field=models.ForeignKey(
                help_text="文书编号在出具机关内唯一。",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portal.organisation",
                verbose_name="出具机关",
            ),
        ),
        migrations.AlterField(
            model_name="notice",
            name="number",
            field=models.CharField(max_length=60, verbose_name="文书编号"),
        ),
        migrations.AddConstraint(
            model_name="notice",
            constraint=models.UniqueConstraint(
                fields=("organisation", "number"), name="notice_org_number_uniq"
            ),
        ),
    ]
