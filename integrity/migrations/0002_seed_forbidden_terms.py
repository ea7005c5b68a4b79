from django.db import migrations


def seed(apps, schema_editor):
    from integrity.seed_terms import SEED_TERMS

    ForbiddenTerm = apps.get_model("integrity", "ForbiddenTerm")
    for category, terms in SEED_TERMS.items():
        for term in terms:
            ForbiddenTerm.objects.get_or_create(term=term, defaults={"category": category})


class Migration(migrations.Migration):
    dependencies = [("integrity", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
