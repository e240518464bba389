"""factory-boy factories for every model, with Faker data in English and Russian."""

import datetime
import io

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from conference.models import Edition
from photos.choices import PhotoStatus, RenditionFormat
from photos.models import Gallery, Photo, Rendition
from talks.choices import Language
from talks.models import Company, Project, Room, Speaker, Talk, TalkSpeaker, Topic, Track
from talks.names import name_fields
from talks.programme import find_or_create_room, find_or_create_track
from talks.slugs import slugify_text


def jpeg_bytes(width: int = 64, height: int = 48, color=(40, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class StaffFactory(UserFactory):
    """A staff user; StaffFactory(groups=["Organisers"]) also puts them in groups, by name,
    and StaffFactory(permissions=["talks.change_talk"]) grants single permissions."""

    is_staff = True

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(*Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def permissions(user, create, extracted, **kwargs):
        if not (create and extracted):
            return
        for permission in extracted:
            app_label, codename = permission.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class EditionFactory(factory.django.DjangoModelFactory):
    """EditionFactory(name="...") fills the English column (name_en), as for city, venue
    and summary; name_ru="..." the Russian one."""

    class Meta:
        model = Edition
        rename = {
            "name": "name_en",
            "city": "city_en",
            "venue": "venue_en",
            "summary": "summary_en",
        }

    name = factory.Sequence(lambda n: f"PGConf {2010 + n}")
    slug = factory.LazyAttribute(lambda edition: slugify(edition.name))
    start_date = factory.Sequence(lambda n: datetime.date(2010 + n, 2, 3))
    end_date = factory.LazyAttribute(
        lambda edition: edition.start_date + datetime.timedelta(days=1)
    )
    city = "Moscow"
    venue = "Radisson Slavyanskaya"
    summary = factory.Faker("paragraph")
    is_published = True


def _spelling(language: str):
    """name_<language> from the factory's `name`: the field of the name's script gets it
    (talks.names.name_fields, as importers sort names), the other stays empty."""
    return factory.LazyAttribute(lambda row: name_fields(row.name)[f"name_{language}"])


class CompanyFactory(factory.django.DjangoModelFactory):
    """CompanyFactory(name="БАРС Груп") fills name_ru; name_en=..., name_ru=... set both."""

    class Meta:
        model = Company
        # A description given as one value is the English one (description_ru stays empty).
        rename = {"description": "description_en"}

    class Params:
        name = factory.Sequence(lambda n: f"Company {n}")

    name_en = _spelling("en")
    name_ru = _spelling("ru")
    slug = factory.LazyAttribute(lambda company: slugify_text(company.name))
    website = factory.LazyAttribute(lambda company: f"https://{company.slug}.example.com/")


class SpeakerFactory(factory.django.DjangoModelFactory):
    """SpeakerFactory(name="Иван Панченко") fills name_ru; name_en=..., name_ru=... set both."""

    class Meta:
        model = Speaker

    class Params:
        name = factory.Faker("name")

    name_en = _spelling("en")
    name_ru = _spelling("ru")
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    bio = factory.Faker("paragraph")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        rename = {"description": "description_en"}

    name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.LazyAttribute(lambda project: slugify(project.name))
    repository_url = factory.LazyAttribute(
        lambda project: f"https://github.com/example/{project.slug}"
    )
    description = factory.Faker("sentence")


class TalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Talk
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory)
    title = factory.Faker("sentence", nb_words=5)
    slug = factory.Sequence(lambda n: f"talk-{n}")
    abstract = factory.Faker("paragraph", nb_sentences=5)
    language = Language.ENGLISH
    track = "Development"
    room = "Hall 1"
    start = factory.LazyAttribute(
        lambda talk: timezone.make_aware(
            datetime.datetime.combine(talk.edition.start_date, datetime.time(10, 0))
        )
    )
    duration = datetime.timedelta(minutes=45)
    is_published = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """track and room may be given by name (TalkFactory(track="Security")): the
        edition's row of that name in either language, made when missing, as an import
        finds it."""
        for name, find in (("track", find_or_create_track), ("room", find_or_create_room)):
            if isinstance(kwargs.get(name), str):
                kwargs[name] = find(edition=kwargs["edition"], name=kwargs[name])
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def speakers(talk, create, extracted, **kwargs):
        """TalkFactory(speakers=[a, b]) links speakers in that order."""
        if create and extracted:
            for position, speaker in enumerate(extracted):
                TalkSpeaker.objects.create(
                    talk=talk, speaker=speaker, position=position, company=speaker.company
                )

    @factory.post_generation
    def projects(talk, create, extracted, **kwargs):
        if create and extracted:
            talk.projects.add(*extracted)


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    edition = factory.SubFactory(EditionFactory)
    name_en = factory.Sequence(lambda n: f"Track {n}")
    name_ru = ""


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    edition = factory.SubFactory(EditionFactory)
    name_en = factory.Sequence(lambda n: f"Room {n}")
    name_ru = ""
    position = factory.Sequence(lambda n: n)


class TalkSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalkSpeaker

    talk = factory.SubFactory(TalkFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    position = 0
    company = factory.SubFactory(CompanyFactory)


class GalleryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gallery
        rename = {"title": "title_en"}

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Day {n + 1}")
    slug = factory.LazyAttribute(lambda gallery: slugify(gallery.title))
    is_published = True


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo
        skip_postgeneration_save = True
        rename = {"caption": "caption_en", "alt_text": "alt_text_en"}

    gallery = factory.SubFactory(GalleryFactory)
    original = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="photo.jpg"))
    caption = factory.Faker("sentence", nb_words=6)
    alt_text = factory.Faker("sentence", nb_words=8)
    credit = factory.Faker("name")
    status = PhotoStatus.PUBLISHED

    @factory.post_generation
    def speakers(photo, create, extracted, **kwargs):
        if create and extracted:
            photo.speakers.add(*extracted)


class RenditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rendition

    photo = factory.SubFactory(PhotoFactory)
    width = 480
    height = 360
    format = RenditionFormat.JPEG
    file = factory.LazyAttribute(
        lambda rendition: ContentFile(
            jpeg_bytes(rendition.width, rendition.height), name="rendition.jpg"
        )
    )
    # As photos.renditions records it: the bytes of the file.
    size_bytes = factory.LazyAttribute(lambda rendition: rendition.file.size)


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic with its own words, so that no other test's text carries it by chance."""

    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")
    terms_en = factory.LazyFunction(list)
    terms_ru = factory.LazyFunction(list)
