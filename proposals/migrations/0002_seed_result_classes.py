"""Seed the result classes (办理结果分类) used for 人大代表建议 答复件, as described for the rules
of 全国人大常委会办公厅; labels are editable in the admin (the list is configurable)."""

from django.db import migrations

RESULT_CLASSES = [
    ("A", "已解决或基本解决", "所提问题已经解决或者基本解决的", 1),
    ("B", "正在解决或列入规划", "所提问题正在解决或者列入规划逐步解决的", 2),
    ("C", "待以后解决", "所提问题因目前条件限制或者其他原因需待以后解决的", 3),
    ("D", "留作参考", "所提问题留作参考的", 4),
]


def seed(apps, schema_editor):
    ResultClass = apps.get_model("proposals", "ResultClass")
    for code, label, description, order in RESULT_CLASSES:
        ResultClass.objects.get_or_create(
            code=code, defaults={"label": label, "description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
