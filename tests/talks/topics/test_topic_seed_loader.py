"""The seed files' loader (talks/topic_seed/__init__.py): files read in name order, a
slug met again merged into its topic, and a file that is not what it reads refused with
the file and topic named."""

import pytest

from talks.topic_seed import SeedError, load


def write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def test_a_slug_in_two_files_is_one_topic_with_the_later_names_and_both_terms(tmp_path):
    write(
        tmp_path,
        "20-more.toml",
        '[[topic]]\nslug = "walrus"\nname_en = "Walruses"\n'
        'terms_en = ["tusk", "Walrus"]\nterms_ru = ["бивень"]\n',
    )
    write(
        tmp_path,
        "10-first.toml",
        '[[topic]]\nslug = "walrus"\nname_en = "Walrus"\nname_ru = "Морж"\n'
        'terms_en = ["walrus"]\nterms_ru = ["морж"]\n'
        '[[topic]]\nslug = "seal"\nname_en = "Seal"\nname_ru = "Тюлень"\n',
    )

    assert load(tmp_path) == [
        {
            "slug": "walrus",
            "name_en": "Walruses",
            "name_ru": "Морж",
            "terms_en": ["walrus", "tusk"],
            "terms_ru": ["морж", "бивень"],
        },
        {"slug": "seal", "name_en": "Seal", "name_ru": "Тюлень", "terms_en": [], "terms_ru": []},
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[topic]]\nname_en = "No slug"\n', "needs a slug"),
        ('[[topic]]\nslug = "x"\n', "has no name"),
        ('[[topic]]\nslug = "x"\nname_en = "X"\nterms_en = "x"\n', "must be a list"),
        ('[[topic]]\nslug = "x"\nname_en = "X"\ncolour = "red"\n', "needs a slug and only"),
    ],
)
def test_a_malformed_topic_is_refused_naming_its_file(tmp_path, text, message):
    write(tmp_path, "10-bad.toml", text)

    with pytest.raises(SeedError, match=message) as error:
        load(tmp_path)
    assert "10-bad.toml" in str(error.value)


def test_the_seed_folder_loads_at_least_300_topics_one_per_slug():
    topics = load()

    assert len(topics) >= 300
    assert len({topic["slug"] for topic in topics}) == len(topics)
