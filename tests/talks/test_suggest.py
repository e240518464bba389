"""Suggestions while typing: talks.suggestions.suggest and GET /api/v1/suggest."""

import pytest
from django.urls import reverse

from talks.choices import Language
from talks.models import Speaker
from talks.suggestions import suggest
from tests.factories import EditionFactory, ProjectFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db

URL = reverse("api-suggest")


def found(prefix: str, **kwargs) -> list[tuple[str, str]]:
    return [(item.kind, item.label) for item in suggest(prefix, **kwargs)]


@pytest.fixture
def archive():
    edition = EditionFactory(name="PGConf.Russia 2016", slug="pgconf-russia-2016")
    valentine = SpeakerFactory(name="Valentine Gogichashvili", slug="valentine-gogichashvili")
    marat = SpeakerFactory(name="Марат Фаттахов", aliases=["Marat Fattakhov"])
    ronan = SpeakerFactory(name="Ronán Dunklau")
    multicorn = ProjectFactory(name="Multicorn", slug="multicorn")
    talks = {
        "zalando": TalkFactory(
            edition=edition,
            slug="zalando",
            title="Data integration with PostgreSQL logical replication at Zalando",
            speakers=[valentine],
        ),
        "multicorn": TalkFactory(
            edition=edition,
            title="Multicorn: writing foreign data wrappers in Python",
            speakers=[ronan],
            projects=[multicorn],
        ),
        "russian": TalkFactory(
            edition=edition,
            title="Репликация в PostgreSQL: как мы перестали бояться",
            language=Language.RUSSIAN,
            speakers=[marat],
        ),
    }
    return talks


def test_speaker_found_by_the_start_of_any_name(archive):
    assert found("Valent") == [("speaker", "Valentine Gogichashvili")]
    assert found("gogi") == [("speaker", "Valentine Gogichashvili")]


def test_cyrillic_and_latin_prefixes_find_names_in_the_other_alphabet(archive):
    assert found("Гогича") == [("speaker", "Valentine Gogichashvili")]
    assert found("Fatta") == [("speaker", "Марат Фаттахов")]
    assert found("фатт") == [("speaker", "Марат Фаттахов")]


def test_speaker_found_by_alias_and_without_accents(archive):
    SpeakerFactory(name="Иван Петров", aliases=["Ivan Petrov"])
    TalkFactory(edition=archive["zalando"].edition, speakers=[SpeakerFactory(name="Other")])
    assert ("speaker", "Марат Фаттахов") in found("marat fatt")
    assert found("ronan") == [("speaker", "Ronán Dunklau")]
    assert found("Ivan") == []  # his only talk is missing: not public


def test_project_and_talk_titles_found(archive):
    assert found("multic") == [
        ("project", "Multicorn"),
        ("talk", "Multicorn: writing foreign data wrappers in Python"),
    ]
    assert found("wrapp") == [("talk", "Multicorn: writing foreign data wrappers in Python")]


def test_talk_titles_found_in_either_case_and_alphabet(archive):
    assert found("РЕПЛИК") == [("talk", "Репликация в PostgreSQL: как мы перестали бояться")]
    assert found("LOGICAL REPL") == [
        ("talk", "Data integration with PostgreSQL logical replication at Zalando")
    ]


def test_names_starting_with_the_prefix_come_first(archive):
    edition = archive["zalando"].edition
    TalkFactory(
        edition=edition, title="A talk about Zalando", speakers=[SpeakerFactory(name="Ana Zalan")]
    )
    TalkFactory(
        edition=edition, title="Zalando at scale", speakers=[SpeakerFactory(name="Zalan Ana")]
    )

    assert found("zalan") == [
        ("speaker", "Zalan Ana"),
        ("speaker", "Ana Zalan"),
        ("talk", "Zalando at scale"),
        ("talk", "A talk about Zalando"),
        ("talk", "Data integration with PostgreSQL logical replication at Zalando"),
    ]


def test_unpublished_things_never_suggested(archive):
    draft_edition = EditionFactory(name="Draft", slug="draft", is_published=False)
    hidden = SpeakerFactory(name="Hidden Speaker")
    secret = ProjectFactory(name="Hidden project")
    TalkFactory(
        edition=draft_edition, title="Hidden talk one", speakers=[hidden], projects=[secret]
    )
    TalkFactory(
        edition=archive["zalando"].edition,
        title="Hidden talk two",
        speakers=[hidden],
        projects=[secret],
        is_published=False,
    )
    SpeakerFactory(name="Hidden without talks")

    assert found("hidden") == []


def test_at_most_limit_shared_between_kinds(archive):
    edition = archive["zalando"].edition
    for number in range(10):
        TalkFactory(
            edition=edition,
            title=f"Vacuum talk {number}",
            speakers=[SpeakerFactory(name=f"Vacuum Person {number}")],
        )
    ProjectFactory(name="Vacuum tools")  # no talk: not public

    kinds = [kind for kind, _label in found("vacuum")]
    assert kinds == ["speaker"] * 4 + ["talk"] * 4
    assert len(found("vacuum", limit=3)) == 3


@pytest.mark.parametrize("prefix", ["", " ", "a", " a ", "я", "%", "--"])
def test_short_prefix_gives_nothing_without_a_query(archive, prefix, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert suggest(prefix) == []


@pytest.mark.parametrize(
    "prefix",
    ["%_", "a%", "a_", "\\", "'; DROP TABLE talks_talk; --", "a\x00b", "<script>", "ы" * 10_000],
)
def test_odd_prefixes_never_fail_and_wildcards_are_literal(archive, prefix):
    assert suggest(prefix) == []


def test_suggest_runs_three_queries(archive, django_assert_num_queries):
    with django_assert_num_queries(3):  # speakers, projects, talks with their editions
        suggest("multic")
    edition = archive["zalando"].edition
    for number in range(12):
        TalkFactory(
            edition=edition,
            title=f"Multicorn in depth {number}",
            speakers=[SpeakerFactory(name=f"Multi Speaker {number}")],
            projects=[ProjectFactory(name=f"Multicorn plugin {number}")],
        )
    with django_assert_num_queries(3):
        assert len(suggest("multic")) == 8


def test_endpoint_answers_the_documented_shape(client, archive):
    response = client.get(URL, {"q": "gogi"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"
    assert response.json() == {
        "suggestions": [
            {
                "label": "Valentine Gogichashvili",
                "kind": "speaker",
                "url": "http://testserver/speakers/valentine-gogichashvili/",
                "detail": "",
            }
        ]
    }


def test_endpoint_talk_suggestions_name_their_edition(client, archive):
    (talk,) = client.get(URL, {"q": "integration"}).json()["suggestions"]
    assert talk == {
        "label": "Data integration with PostgreSQL logical replication at Zalando",
        "kind": "talk",
        "url": "http://testserver/pgconf-russia-2016/talks/zalando/",
        "detail": "PGConf.Russia 2016",
    }


def test_endpoint_opensearch_format(client, archive):
    TalkFactory(
        edition=EditionFactory(), title="Multicorn: writing foreign data wrappers in Python"
    )

    response = client.get(URL, {"q": "Multic", "format": "opensearch"})

    assert response["Content-Type"] == "application/x-suggestions+json"
    assert response.json() == [
        "Multic",
        ["Multicorn", "Multicorn: writing foreign data wrappers in Python"],
    ]


@pytest.mark.parametrize("q", ["", "x", "ы" * 10_000, "%", "\"'<>", "a\x00b"])
def test_endpoint_never_fails_on_odd_input(client, archive, q):
    response = client.get(URL, {"q": q})

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json() == {"suggestions": []}


def test_endpoint_without_q_is_empty(client, archive):
    assert client.get(URL).json() == {"suggestions": []}


def test_endpoint_bad_format_is_400_post_405_head_fine(client, archive):
    response = client.get(URL, {"q": "multi", "format": "xml"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"format": ["format must be opensearch or left out."]}
    assert client.post(URL, {"q": "multi"}).status_code == 405
    assert client.head(URL, {"q": "multi"}).status_code == 200


def test_endpoint_query_count(client, archive, django_assert_num_queries):
    with django_assert_num_queries(3):
        client.get(URL, {"q": "multi"})
    with django_assert_num_queries(0):
        client.get(URL, {"q": "m"})


def test_speaker_latin_names_kept_by_the_database():
    """Speaker.latin_names (talks migration 0011) follows name and aliases, whatever
    Django writes into it."""
    speaker = SpeakerFactory(name="Марат Фаттахов", aliases=["Marat F."])
    speaker.refresh_from_db()
    assert speaker.latin_names == "marat fattakhov marat f."

    speaker.name = "Émile Zolá"
    speaker.aliases = []
    speaker.save()
    speaker.refresh_from_db()
    assert speaker.latin_names.strip() == "emile zola"

    Speaker.objects.filter(pk=speaker.pk).update(latin_names="tampered")
    speaker.refresh_from_db()
    assert speaker.latin_names.strip() == "emile zola"
