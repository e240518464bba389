import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CompanyFactory,
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    ProjectFactory,
    RenditionFactory,
    SpeakerFactory,
    StaffFactory,
    TalkFactory,
    TalkSpeakerFactory,
    jpeg_bytes,
)
from tests.html import assert_csp_clean

pytestmark = pytest.mark.django_db

# Query-count tests render each page with one and with this many related items: the
# number of queries must not grow with the data.
MANY = 30


def at(edition, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(edition.start_date, datetime.time(hour)))


# --- Talk detail -------------------------------------------------------------


def test_talk_detail_shows_everything_about_the_talk(client):
    edition = EditionFactory(name="PGConf.Russia 2016", slug="pgconf-russia-2016")
    dalibo = CompanyFactory(name="Dalibo")
    ronan = SpeakerFactory(name="Ronan Dunklau", company=CompanyFactory(name="Later employer"))
    second = SpeakerFactory(name="Second Speaker")
    multicorn = ProjectFactory(
        name="Multicorn", repository_url="https://github.com/Segfault-Inc/Multicorn"
    )
    talk = TalkFactory(
        edition=edition,
        slug="multicorn",
        title="Multicorn: writing FDWs in Python",
        subtitle="A tour",
        language="en",
        kind="workshop",
        room="Hall 2",
        track="Development",
        start=at(edition, 14),
        duration=datetime.timedelta(minutes=45),
        abstract="Multicorn is a generic FDW.\n\nWe will see:\n- what an FDW is\n- how to "
        "write one <script>alert(1)</script>\n\nCode: https://github.com/Segfault-Inc/Multicorn",
        slides_url="https://example.org/slides.pdf",
        video_url="https://video.example.org/watch/1",
        projects=[multicorn],
    )
    TalkSpeakerFactory(talk=talk, speaker=second, company=None, position=1)
    TalkSpeakerFactory(talk=talk, speaker=ronan, company=dalibo, position=0)

    response = client.get("/pgconf-russia-2016/talks/multicorn/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 lang="en">Multicorn: writing FDWs in Python</h1>' in html
    assert [(c.speaker.name, c.company) for c in response.context["talk"].credits] == [
        ("Ronan Dunklau", dalibo),
        ("Second Speaker", None),
    ]
    # The company he had at this talk, not his current one.
    assert f'<a href="{dalibo.get_absolute_url()}">Dalibo</a>' in html
    assert "Later employer" not in html
    assert "Workshop" in html
    assert "Hall 2" in html
    assert "14:00</time>\N{EN DASH}<time" in html
    assert "45 min" in html
    assert '<div class="prose" lang="en"><p>Multicorn is a generic FDW.</p>' in html
    assert "<ul><li>what an FDW is</li>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert (
        '<a href="https://github.com/Segfault-Inc/Multicorn" rel="nofollow">'
        "https://github.com/Segfault-Inc/Multicorn</a>"
    ) in html
    assert 'href="https://example.org/slides.pdf"' in html
    assert 'href="https://video.example.org/watch/1"' in html
    assert "<iframe" not in html
    assert f'<a href="{multicorn.get_absolute_url()}">Multicorn</a>' in html
    assert 'href="https://github.com/Segfault-Inc/Multicorn" rel="external"' in html
    assert_csp_clean(html)


def test_talk_detail_slides_file_is_linked(client):
    talk = TalkFactory()
    talk.slides_file.save("deck.pdf", ContentFile(b"%PDF-1.4"))

    html = client.get(talk.get_absolute_url()).content.decode()

    assert f'href="{talk.slides_file.url}"' in html
    assert "Download the slides" in html


def test_talk_detail_shows_an_imported_description_escaped(client):
    talk = TalkFactory(description="From the schedule.\n\nSecond <b>paragraph</b>.")

    html = client.get(talk.get_absolute_url()).content.decode()

    assert '<h2 id="description-heading">Description</h2>' in html
    assert "<p>From the schedule.</p>\n<p>Second &lt;b&gt;paragraph&lt;/b&gt;.</p>" in html


def test_talk_detail_russian_talk_marked_russian(client):
    talk = TalkFactory(title="Миграция из Oracle", language="ru", abstract="Как мы пришли.")

    html = client.get(talk.get_absolute_url()).content.decode()

    assert '<h1 lang="ru">Миграция из Oracle</h1>' in html
    assert '<div class="prose" lang="ru"><p>Как мы пришли.</p></div>' in html
    assert '<html lang="en">' in html


def test_talk_detail_previous_and_next_follow_schedule(client):
    edition = EditionFactory()
    first = TalkFactory(edition=edition, title="First", start=at(edition, 9))
    TalkFactory(edition=edition, title="Draft between", start=at(edition, 10), is_published=False)
    middle = TalkFactory(edition=edition, title="Middle", start=at(edition, 11))
    last = TalkFactory(edition=edition, title="Unscheduled", start=None)
    TalkFactory(title="Other edition", start=at(edition, 10))

    response = client.get(middle.get_absolute_url())

    assert response.context["previous_talk"] == first
    assert response.context["next_talk"] == last
    assert "Draft between" not in response.content.decode()
    assert client.get(first.get_absolute_url()).context["previous_talk"] is None
    assert client.get(last.get_absolute_url()).context["next_talk"] is None


def test_talk_detail_other_talks_by_same_speakers(client):
    speaker = SpeakerFactory()
    talk = TalkFactory(speakers=[speaker])
    older = TalkFactory(
        speakers=[speaker], edition=EditionFactory(start_date=datetime.date(2001, 1, 1))
    )
    newer = TalkFactory(speakers=[speaker])
    TalkFactory(speakers=[speaker], title="Draft by speaker", is_published=False)
    TalkFactory(speakers=[speaker], edition=EditionFactory(is_published=False))
    TalkFactory(speakers=[SpeakerFactory()])

    response = client.get(talk.get_absolute_url())

    assert response.context["other_talks"] == [newer, older]
    assert "Draft by speaker" not in response.content.decode()


def test_talk_detail_links_published_galleries_of_the_talk(client):
    talk = TalkFactory()
    gallery = GalleryFactory(edition=talk.edition, talk=talk, title="Talk photos")
    GalleryFactory(edition=talk.edition, talk=talk, title="Hidden photos", is_published=False)

    response = client.get(talk.get_absolute_url())

    assert response.context["galleries"] == [gallery]
    assert "Hidden photos" not in response.content.decode()


def test_talk_detail_unknown_is_404(client):
    talk = TalkFactory()

    assert client.get(f"/{talk.edition.slug}/talks/no-such-talk/").status_code == 404
    assert client.get(f"/no-such-edition/talks/{talk.slug}/").status_code == 404


def test_talk_detail_in_other_edition_is_404(client):
    talk = TalkFactory()
    other = EditionFactory()

    assert client.get(f"/{other.slug}/talks/{talk.slug}/").status_code == 404


@pytest.mark.parametrize(
    "talk_kwargs",
    [{"is_published": False}, {"edition__is_published": False}],
    ids=["draft-talk", "draft-edition"],
)
def test_talk_detail_unpublished_is_404(client, talk_kwargs):
    talk = TalkFactory(**talk_kwargs)

    assert client.get(talk.get_absolute_url()).status_code == 404


def test_talk_detail_unpublished_is_404_for_staff_without_permission(client):
    talk = TalkFactory(is_published=False)
    client.force_login(StaffFactory(permissions=["conference.change_edition"]))

    assert client.get(talk.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "talk_kwargs",
    [{"is_published": False}, {"edition__is_published": False}],
    ids=["draft-talk", "draft-edition"],
)
def test_talk_detail_staff_preview_shows_draft(client, talk_kwargs):
    talk = TalkFactory(title="Coming soon", **talk_kwargs)
    client.force_login(StaffFactory(permissions=["talks.change_talk"]))

    response = client.get(talk.get_absolute_url())

    assert response.status_code == 200
    assert response.context["is_preview"] is True
    assert "Preview: this page is a draft" in response.content.decode()


@pytest.mark.parametrize("speakers", [1, MANY])
def test_talk_detail_query_count_fixed(client, django_assert_num_queries, speakers):
    edition = EditionFactory()
    people = [SpeakerFactory(company=CompanyFactory()) for _ in range(speakers)]
    talk = TalkFactory(
        edition=edition,
        start=at(edition, 12),
        speakers=people,
        projects=ProjectFactory.create_batch(speakers),
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    for number in range(speakers):
        start = at(edition, 9) + datetime.timedelta(minutes=10 * number)
        TalkFactory(edition=edition, start=start, speakers=[people[number]])
        gallery = GalleryFactory(edition=edition, talk=talk)
        RenditionFactory(photo=PhotoFactory(gallery=gallery))
        RenditionFactory(photo=PhotoFactory(gallery=gallery, talk=talk))

    # The talk with edition, credits, projects, neighbours and whether it has photos; other
    # talks with their credits; galleries with their covers; the talk's photos (renditions
    # inline in both); the download link's count and size (photos.readers.downloads).
    with django_assert_num_queries(5):
        response = client.get(talk.get_absolute_url())

    assert len(response.context["other_talks"]) == min(speakers, 10)
    assert response.context["video"].provider == "youtube"
    assert len(response.context["galleries"]) == speakers
    assert len(response.context["talk_photos"]) == min(speakers, 8)


def test_talk_detail_without_photos_reads_no_photos(client, django_assert_num_queries):
    edition = EditionFactory()
    speaker = SpeakerFactory()
    talk = TalkFactory(edition=edition, start=at(edition, 12), speakers=[speaker])
    before = TalkFactory(edition=edition, start=at(edition, 9), speakers=[speaker])

    # The talk (with its neighbours, and no photos to read), and the other talks.
    with django_assert_num_queries(2):
        response = client.get(talk.get_absolute_url())

    assert response.context["galleries"] == response.context["talk_photos"] == []
    assert response.context["previous_talk"] == before
    assert response.context["other_talks"] == [before]
    assert before.get_absolute_url() in response.content.decode()


# --- Speakers ----------------------------------------------------------------


def test_speaker_list_groups_latin_and_cyrillic_initials(client):
    for name in ("Ronan Dunklau", "Марат Фаттахов", "Dmitry Boikov", "Ёлкин Пётр", "Émile Zola"):
        TalkFactory(speakers=[SpeakerFactory(name=name)])
    SpeakerFactory(name="Draft Only")  # no published talk
    TalkFactory(speakers=[SpeakerFactory(name="Hidden Speaker")], is_published=False)

    response = client.get(reverse("talks:speaker-list"))

    groups = [(g.initial, [s.name for s in g.speakers]) for g in response.context["groups"]]
    assert groups == [
        ("D", ["Dmitry Boikov"]),
        ("E", ["Émile Zola"]),
        ("R", ["Ronan Dunklau"]),
        ("\N{CYRILLIC CAPITAL LETTER IE}", ["Ёлкин Пётр"]),
        ("\N{CYRILLIC CAPITAL LETTER EM}", ["Марат Фаттахов"]),
    ]
    html = response.content.decode()
    assert "Draft Only" not in html
    assert "Hidden Speaker" not in html
    assert_csp_clean(html)


def test_speaker_list_counts_published_talks_only(client):
    speaker = SpeakerFactory()
    TalkFactory.create_batch(2, speakers=[speaker])
    TalkFactory(speakers=[speaker], is_published=False)
    draft_edition = EditionFactory(is_published=False)
    TalkFactory(speakers=[speaker], edition=draft_edition)
    TalkFactory(speakers=[SpeakerFactory(name="Only In A Draft Edition")], edition=draft_edition)

    response = client.get(reverse("talks:speaker-list"))

    assert [s.talk_count for g in response.context["groups"] for s in g.speakers] == [2]
    html = response.content.decode()
    assert "2 talks" in html
    assert "Only In A Draft Edition" not in html


@pytest.mark.parametrize("speakers", [1, MANY])
def test_speaker_list_query_count_fixed(client, django_assert_num_queries, speakers):
    for _ in range(speakers):
        TalkFactory(speakers=[SpeakerFactory(company=CompanyFactory())])

    with django_assert_num_queries(1):
        response = client.get(reverse("talks:speaker-list"))

    assert sum(len(group.speakers) for group in response.context["groups"]) == speakers


def test_speaker_detail_lists_talks_newest_first_with_company_at_each(client):
    speaker = SpeakerFactory(
        name="Valentine Gogichashvili", aliases=["Валентин Гогичашвили"], bio="Data engineer."
    )
    zalando, old_job = CompanyFactory(name="Zalando"), CompanyFactory(name="Old Job")
    old = TalkFactory(
        title="Old talk", edition=EditionFactory(start_date=datetime.date(2001, 1, 1))
    )
    new = TalkFactory(title="New talk")
    TalkSpeakerFactory(talk=old, speaker=speaker, company=old_job)
    TalkSpeakerFactory(talk=new, speaker=speaker, company=zalando)
    TalkSpeakerFactory(talk__title="Draft talk", talk__is_published=False, speaker=speaker)
    TalkSpeakerFactory(talk__title="Talk of draft edition", talk__edition__is_published=False,
                       speaker=speaker)  # fmt: skip

    response = client.get(speaker.get_absolute_url())

    talks = response.context["talks"]
    assert talks == [new, old]
    assert [talk.speaker_credit.company for talk in talks] == [zalando, old_job]
    html = response.content.decode()
    # The alias in Cyrillic on an English page, marked with its language.
    assert 'Also written as: <span lang="ru">Валентин Гогичашвили</span>' in html
    assert "<p>Data engineer.</p>" in html
    assert "Draft talk" not in html
    assert "Talk of draft edition" not in html


def test_speaker_detail_shows_portrait(client):
    speaker = SpeakerFactory(name="Ronan")
    speaker.photo.save("ronan.jpg", ContentFile(jpeg_bytes()))
    TalkFactory(speakers=[speaker])

    html = client.get(speaker.get_absolute_url()).content.decode()

    assert f'src="{speaker.photo.url}" alt="Portrait of Ronan" width="160" height="160"' in html


def test_speaker_detail_unknown_is_404(client):
    assert client.get("/speakers/nobody/").status_code == 404


def test_speaker_detail_without_published_talk_is_404(client):
    speaker = SpeakerFactory()
    TalkFactory(speakers=[speaker], is_published=False)
    TalkFactory(speakers=[speaker], edition=EditionFactory(is_published=False))

    assert client.get(speaker.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("talks", [1, MANY])
def test_speaker_detail_query_count_fixed(client, django_assert_num_queries, talks):
    speaker = SpeakerFactory(company=CompanyFactory())  # public: spoke for it below
    for _ in range(talks):
        TalkFactory(speakers=[speaker, SpeakerFactory(company=CompanyFactory())])
        RenditionFactory(photo=PhotoFactory(speakers=[speaker]))

    # speaker (+current company), talks with their credits, photos of them (renditions
    # inline); the download link's count and size (photos.readers.downloads)
    with django_assert_num_queries(4):
        response = client.get(speaker.get_absolute_url())

    assert len(response.context["talks"]) == talks
    assert response.context["speaker"].company_is_public is True


# --- Companies ---------------------------------------------------------------


def test_company_list_counts_published_talks_given_there(client):
    dalibo = CompanyFactory(name="Dalibo")
    TalkSpeakerFactory(company=dalibo)
    credit = TalkSpeakerFactory(company=dalibo)
    TalkSpeakerFactory(company=dalibo, talk=credit.talk)  # two people, one talk
    TalkSpeakerFactory(company=dalibo, talk__is_published=False)
    CompanyFactory(name="Only current employer")
    TalkSpeakerFactory(company=CompanyFactory(name="Hidden"), talk__is_published=False)

    response = client.get(reverse("talks:company-list"))

    assert [(c.name, c.talk_count) for c in response.context["companies"]] == [("Dalibo", 2)]
    html = response.content.decode()
    assert "2 talks" in html
    assert "Hidden" not in html
    assert "Only current employer" not in html


@pytest.mark.parametrize("companies", [1, MANY])
def test_company_list_query_count_fixed(client, django_assert_num_queries, companies):
    TalkSpeakerFactory.create_batch(companies)

    with django_assert_num_queries(1):
        response = client.get(reverse("talks:company-list"))

    assert len(response.context["companies"]) == companies


def test_company_detail_lists_talks_given_while_there_and_the_people(client):
    dalibo = CompanyFactory(name="Dalibo")
    ronan = SpeakerFactory(name="Ronan Dunklau", company=CompanyFactory(name="Now elsewhere"))
    colleague = SpeakerFactory(name="A Colleague")
    while_there = TalkSpeakerFactory(speaker=ronan, company=dalibo, talk__title="At Dalibo").talk
    TalkSpeakerFactory(speaker=colleague, company=dalibo, talk=while_there, position=1)
    TalkSpeakerFactory(speaker=ronan, company=CompanyFactory(), talk__title="Elsewhere")
    TalkSpeakerFactory(company=dalibo, talk__title="Draft", talk__is_published=False,
                       speaker__name="Draft Person")  # fmt: skip
    # A current employee who never spoke for the company is not one of its people.
    TalkSpeakerFactory(company=None, speaker=SpeakerFactory(name="Current Only", company=dalibo))

    response = client.get(dalibo.get_absolute_url())

    assert response.context["talks"] == [while_there]
    assert [p.name for p in response.context["people"]] == ["A Colleague", "Ronan Dunklau"]
    html = response.content.decode()
    assert "Elsewhere" not in html
    assert "Draft Person" not in html
    assert "Current Only" not in html


def test_company_detail_unknown_is_404(client):
    assert client.get("/companies/nobody/").status_code == 404


def test_company_detail_without_published_talk_is_404(client):
    company = CompanyFactory()
    TalkSpeakerFactory(company=company, talk__is_published=False)
    # Someone's current employer, but nobody spoke for it at a published talk.
    TalkSpeakerFactory(company=None, speaker=SpeakerFactory(company=company))

    assert client.get(company.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("talks", [1, MANY])
def test_company_detail_query_count_fixed(client, django_assert_num_queries, talks):
    company = CompanyFactory()
    TalkSpeakerFactory.create_batch(talks, company=company)

    # company, talks with their credits
    with django_assert_num_queries(2):
        response = client.get(company.get_absolute_url())

    assert len(response.context["talks"]) == talks


# --- Projects ----------------------------------------------------------------


def test_project_list_shows_projects_of_published_talks(client):
    multicorn = ProjectFactory(name="Multicorn")
    TalkFactory.create_batch(2, projects=[multicorn])
    TalkFactory(projects=[multicorn], is_published=False)
    TalkFactory(projects=[ProjectFactory(name="Secret project")], is_published=False)

    response = client.get(reverse("talks:project-list"))

    assert [(p.name, p.talk_count) for p in response.context["projects"]] == [("Multicorn", 2)]
    assert "Secret project" not in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "factory"), [("talks:company-list", "company"), ("talks:project-list", "project")]
)
def test_company_and_project_lists_are_in_name_order(client, url_name, factory):
    # Created out of order, with talk counts in neither order: the page sorts by name.
    names = (("Zalando", 1), ("citus data", 3), ("Avito", 2), ("Далибо", 1))
    for number, (name, talks) in enumerate(names):
        if factory == "company":
            company = CompanyFactory(name=name, slug=f"company-{number}")
            TalkSpeakerFactory.create_batch(talks, company=company)
        else:
            project = ProjectFactory(name=name, slug=f"project-{number}")
            TalkFactory.create_batch(talks, projects=[project])

    response = client.get(reverse(url_name))

    rows = response.context["companies" if factory == "company" else "projects"]
    assert [row.name for row in rows] == ["Avito", "citus data", "Zalando", "Далибо"]


@pytest.mark.parametrize("projects", [1, MANY])
def test_project_list_query_count_fixed(client, django_assert_num_queries, projects):
    TalkFactory(projects=ProjectFactory.create_batch(projects))

    with django_assert_num_queries(1):
        response = client.get(reverse("talks:project-list"))

    assert len(response.context["projects"]) == projects


def test_project_detail_lists_every_published_talk_about_it(client):
    multicorn = ProjectFactory(
        name="Multicorn",
        description="A generic FDW in Python.",
        repository_url="https://github.com/Segfault-Inc/Multicorn",
        homepage_url="https://multicorn.org/",
    )
    old = TalkFactory(
        projects=[multicorn], edition=EditionFactory(start_date=datetime.date(2001, 1, 1))
    )
    new = TalkFactory(projects=[multicorn])
    TalkFactory(projects=[multicorn], title="Draft about it", is_published=False)

    response = client.get(multicorn.get_absolute_url())

    assert response.context["talks"] == [new, old]
    html = response.content.decode()
    assert "<p>A generic FDW in Python.</p>" in html
    assert 'href="https://github.com/Segfault-Inc/Multicorn" rel="external"' in html
    assert 'href="https://multicorn.org/" rel="external"' in html
    assert "Draft about it" not in html


def test_project_detail_unknown_is_404(client):
    assert client.get("/projects/nothing/").status_code == 404


def test_project_detail_without_published_talk_is_404(client):
    project = ProjectFactory()
    TalkFactory(projects=[project], is_published=False)

    assert client.get(project.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("talks", [1, MANY])
def test_project_detail_query_count_fixed(client, django_assert_num_queries, talks):
    project = ProjectFactory()
    for _ in range(talks):
        TalkFactory(projects=[project], speakers=[SpeakerFactory()])

    # project, talks with their credits
    with django_assert_num_queries(2):
        response = client.get(project.get_absolute_url())

    assert len(response.context["talks"]) == talks


# --- The plain-text filter used for abstracts, summaries and bios ------------


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("", ""),
        (None, ""),
        ("One line.", "<p>One line.</p>"),
        ("First.\n\nSecond.", "<p>First.</p>\n<p>Second.</p>"),
        ("Line one\nline two", "<p>Line one<br>line two</p>"),
        ("Windows\r\n\r\nbreaks", "<p>Windows</p>\n<p>breaks</p>"),
        (
            "We will see:\n- one\n* two\n• three",
            "<p>We will see:</p><ul><li>one</li><li>two</li><li>three</li></ul>",
        ),
        ("-1 is not a list item", "<p>-1 is not a list item</p>"),
        ('<b>bold</b> & "quotes"', "<p>&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;</p>"),
        (
            "See https://example.org/?a=1&b=2 now",
            '<p>See <a href="https://example.org/?a=1&amp;b=2" rel="nofollow">'
            "https://example.org/?a=1&amp;b=2</a> now</p>",
        ),
        ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
        (
            '<a href="javascript:alert(1)">x</a>',
            "<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>",
        ),
    ],
)
def test_paragraphs_filter_escapes_and_links(text, html):
    from talks.templatetags.archive_text import paragraphs

    assert paragraphs(text) == html


def test_minutes_filter():
    from talks.templatetags.archive_text import minutes

    assert minutes(datetime.timedelta(minutes=45)) == 45
    assert minutes(datetime.timedelta(hours=1, minutes=30)) == 90
    assert minutes(None) == ""
