"""The seed's terms and names made precise (issue 19's leftovers): a topic's names are
terms too (talks/sql/archive_topic_before_write.sql), so a name or term that is a common
word, or that stop words cut down to one ("на Go" to "go", "Открытое ПО" to "открыт"),
gave its topic to talks that only use the word: the "Go" topic carried a fifth of the
sample archive ("we will go through ..."), "Доступность" every "высокая доступность"
talk, "Documentation" every talk on JSON documents.

Here each such name or term is replaced where it is still the seed's own (an organiser's
edit stays as it is); then the seed files, which hold the precise terms now, are upserted
again (talks/topic_seed/). The topics' talks are tagged afresh in the same statements by
the database's trigger (a migration does not defer tagging: talks/topic_tagging.py).
"""

from django.db import migrations

from talks import topic_seed

# slug -> {field: (the seed's old value, the new value)}: names.
RENAMED = {
    "golang": {"name_en": ("Go", "Go language"), "name_ru": ("Go", "Язык Go")},
    "rust": {"name_en": ("Rust", "Rust language"), "name_ru": ("Rust", "Язык Rust")},
    "testing": {"name_ru": ("Тестирование ПО", "Тестирование программного обеспечения")},
    "software-architecture": {"name_ru": ("Архитектура ПО", "Программная архитектура")},
    "logging": {"name_en": ("Logging", "Application logging")},
    "documentation": {"name_en": ("Documentation", "Technical documentation")},
    "accessibility": {"name_ru": ("Доступность", "Цифровая доступность")},
    "networking": {
        "name_en": ("Networking", "Computer networking"),
        "name_ru": ("Сети", "Компьютерные сети"),
    },
    "open-source": {"name_ru": ("Открытое ПО", "Открытый код")},
}
# slug -> {field: the seed's old terms, dropped (the files' precise ones are added after)}.
DROPPED = {
    "golang": {"terms_ru": ["на Go"]},
    "rust": {"terms_en": ["Rust"], "terms_ru": ["Rust"]},
    "other-languages": {"terms_ru": ["Julia"]},
    "cte": {"terms_ru": ["connect by"]},
    "merge": {"terms_ru": ["MERGE"]},
    "cursors-batching": {"terms_ru": ["COPY"]},
    "sequences": {"terms_en": ["serial"], "terms_ru": ["serial"]},
    "new-releases": {"terms_ru": ["новая версия"]},
    "big-data": {"terms_en": ["Hive"]},
    "infrastructure-as-code": {"terms_en": ["Chef"], "terms_ru": ["Chef"]},
    "diversity": {"terms_ru": ["женщины в IT"]},
}
FIELDS = ["name_en", "name_ru", "terms_en", "terms_ru"]


def make_precise(apps, schema_editor):
    topic_model = apps.get_model("talks", "Topic")
    changed = []
    for topic in topic_model.objects.filter(slug__in=set(RENAMED) | set(DROPPED)):
        before = [getattr(topic, field) for field in FIELDS]
        for field, (old, new) in RENAMED.get(topic.slug, {}).items():
            if getattr(topic, field) == old:
                setattr(topic, field, new)
        for field, old_terms in DROPPED.get(topic.slug, {}).items():
            setattr(topic, field, [term for term in getattr(topic, field) if term not in old_terms])
        if [getattr(topic, field) for field in FIELDS] != before:
            changed.append(topic)
    topic_model.objects.bulk_update(changed, FIELDS)
    topic_seed.upsert(topic_model, topic_seed.load())


class Migration(migrations.Migration):
    dependencies = [
        ("talks", "0028_topic_tagging_in_background"),
    ]

    operations = [
        migrations.RunPython(make_precise, migrations.RunPython.noop),
    ]
