"""The title words of the search index (`search.models.TitleWord`), filled from the entries
already indexed (PostgreSQL: the lexemes of weight 'A' of each vector), then indexed.
On SQLite the table stays empty."""

import django.db.models.deletion
from django.db import migrations, models


FILL = """
INSERT INTO search_titleword (entry_id, word, score, published_at)
SELECT e.id, t.lexeme, ts_rank(e.search_vector, plainto_tsquery('simple', t.lexeme)),
       e.published_at
FROM search_searchentry e, unnest(e.search_vector) AS t
WHERE 'A' = ANY(t.weights) AND char_length(t.lexeme) <= 100
"""


def fill_title_words(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0002_postgresql_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='TitleWord',
            fields=[
                ('pk', models.CompositePrimaryKey('entry', 'word', blank=True, editable=False, primary_key=True, serialize=False)),
                ('word', models.CharField(max_length=100, verbose_name='词')),
                ('score', models.FloatField(verbose_name='相关度')),
                ('published_at', models.DateTimeField(verbose_name='发布日期')),
                ('entry', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='search.searchentry', verbose_name='检索条目')),
            ],
            options={
                'verbose_name': '标题词',
                'verbose_name_plural': '标题词',
            },
        ),
        migrations.RunPython(fill_title_words, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='titleword',
            index=models.Index(fields=['word', '-score', '-published_at', '-entry'], name='search_titleword_rank'),
        ),
    ]
