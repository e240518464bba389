"""The speaker, company and project pages' readers (talks/readers/detail.py) against the
querysets they replaced, on rows chosen to tell the publication rules apart: a row shown
by a published talk, by a draft talk only, by a talk of a draft edition only, by no talk.
"""

import pytest
from django.urls import reverse

from photos.choices import PhotoStatus
from photos.readers.photos import photos_of_speaker
from talks.models import Project
from talks.readers import detail
from tests.factories import (
    CompanyFactory,
    EditionFactory,
    GalleryFactory,
    PhotoFactory,
    ProjectFactory,
    SpeakerFactory,
    TalkFactory,
    TalkSpeakerFactory,
)
from tests.talks.readers import reference_querysets as querysets

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    """Speakers, companies and projects, each either public or kept out by one rule."""
    shown, draft_edition = EditionFactory(), EditionFactory(is_published=False)
    rows = {}
    for rule, talk_kwargs in (
        ("public", {"edition": shown}),
        ("draft-talk", {"edition": shown, "is_published": False}),
        ("draft-edition", {"edition": draft_edition}),
    ):
        company = CompanyFactory(slug=f"company-{rule}", name=f"Company {rule}")
        speaker = SpeakerFactory(slug=f"speaker-{rule}", company=company)
        project = ProjectFactory(slug=f"project-{rule}", name=f"Project {rule}")
        talk = TalkFactory(projects=[project], **talk_kwargs)
        TalkSpeakerFactory(talk=talk, speaker=speaker, company=company)
        rows[rule] = (speaker, company, project)
    # Nothing shows these.
    CompanyFactory(slug="company-unused")
    SpeakerFactory(slug="speaker-unused")
    ProjectFactory(slug="project-unused")
    # A public speaker whose current company has no page, and one with no company.
    hidden = rows["draft-talk"][1]
    for slug, company in (("speaker-at-hidden", hidden), ("speaker-alone", None)):
        speaker = SpeakerFactory(slug=slug, company=company)
        TalkSpeakerFactory(talk=TalkFactory(edition=shown), speaker=speaker, company=None)
    return rows


SLUGS = ("public", "draft-talk", "draft-edition", "unused")


def test_find_speaker_matches_the_speaker_pages_queryset(archive):
    reference = querysets.speaker_detail_queryset()
    for slug in [f"speaker-{rule}" for rule in SLUGS] + ["speaker-at-hidden", "speaker-alone"]:
        expected = reference.filter(slug=slug).first()
        found = detail.find_speaker(slug)
        if expected is None:
            assert found is None, slug
            continue
        assert (found.pk, found.name, found.bio, found.aliases) == (
            expected.pk,
            expected.name,
            expected.bio,
            expected.aliases,
        )
        assert (found.company and found.company.pk) == (expected.company and expected.company.pk)
        assert found.company_is_public is expected.company_is_public, slug
    assert detail.find_speaker("speaker-public").company_is_public is True
    assert detail.find_speaker("speaker-at-hidden").company_is_public is False
    assert detail.find_speaker("speaker-alone").company is None


def test_find_company_and_project_match_their_querysets(archive):
    for reader, queryset, prefix in (
        (detail.find_company, querysets.public_companies(), "company"),
        (detail.find_project, Project.objects.published(), "project"),
    ):
        for rule in SLUGS:
            slug = f"{prefix}-{rule}"
            expected = queryset.filter(slug=slug).first()
            found = reader(slug)
            assert (found and (found.pk, found.name)) == (
                expected and (expected.pk, expected.name)
            ), slug
        assert reader(f"{prefix}-public") is not None


def test_found_rows_have_every_field_loaded(archive, django_assert_num_queries):
    speaker = detail.find_speaker("speaker-public")
    company = detail.find_company("company-public")
    project = detail.find_project("project-public")
    with django_assert_num_queries(0):
        assert speaker.company.name == "Company public"
        assert (speaker.slug, speaker.website, speaker.latin_names) is not None
        assert (company.website, company.description, company.aliases) is not None
        assert (project.repository_url, project.homepage_url, project.description) is not None


@pytest.mark.parametrize(
    ("url_name", "slug"),
    [
        ("talks:speaker-detail", "speaker-draft-talk"),
        ("talks:company-detail", "company-draft-edition"),
        ("talks:project-detail", "project-unused"),
        ("talks:project-detail", "no-such-project"),
    ],
)
def test_pages_of_rows_no_published_talk_shows_are_not_found(archive, client, url_name, slug):
    response = client.get(reverse(url_name, kwargs={"slug": slug}))
    assert response.status_code == 404


def test_a_speakers_has_photos_says_whether_their_page_shows_photos():
    """find_speaker(photos=True).has_photos against photos_of_speaker(), the block it
    lets the page skip: photos tagged with the speaker or of their public talks count,
    pending photos, draft galleries and draft talks' photos do not."""
    edition = EditionFactory()
    gallery, draft_gallery = (
        GalleryFactory(edition=edition),
        GalleryFactory(edition=edition, is_published=False),
    )
    cases = {
        "tagged": lambda s: PhotoFactory(gallery=gallery, speakers=[s]),
        "of-their-talk": lambda s: PhotoFactory(gallery=gallery, talk=s.given),
        "pending": lambda s: PhotoFactory(
            gallery=gallery, speakers=[s], status=PhotoStatus.PENDING
        ),
        "draft-gallery": lambda s: PhotoFactory(gallery=draft_gallery, talk=s.given),
        "of-a-draft-talk": lambda s: PhotoFactory(
            gallery=gallery, talk=TalkFactory(edition=edition, is_published=False, speakers=[s])
        ),
        "none": lambda s: None,
    }
    for name, add_photo in cases.items():
        speaker = SpeakerFactory(slug=f"speaker-{name}")
        speaker.given = TalkFactory(edition=edition)
        TalkSpeakerFactory(talk=speaker.given, speaker=speaker)
        add_photo(speaker)
        found = detail.find_speaker(speaker.slug, photos=True)
        assert found.has_photos == bool(photos_of_speaker(speaker)), name
        assert found.has_photos == (name in ("tagged", "of-their-talk")), name
        assert not hasattr(detail.find_speaker(speaker.slug), "has_photos")
