"""Install the default notice letters (告知书模板), one per kind; edited later in the admin."""

from django.db import migrations


def install(apps, schema_editor):
    from requests_app.notices import install_default_templates

    install_default_templates(apps.get_model("requests_app", "NoticeTemplate"))


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0003_applications"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop, elidable=False)]
