"""Three real talks of PGConf.Russia 2016, from the conference's archive page.

Names, companies and abstracts are as published (the abstracts verbatim, in abstracts/).
The archive page gives no titles, slots or bios: titles here are plain descriptions of
each abstract, slots are placed in the sample schedule, and bios are left empty rather
than invented for real people.
"""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from conference.sample.specs import CompanySpec, EditionSpec, ProjectSpec, SpeakerSpec, TalkSpec
from talks.choices import Language, TalkKind

ABSTRACTS_DIR = Path(__file__).resolve().parent / "abstracts"
MOSCOW = ZoneInfo("Europe/Moscow")


def abstract(name: str) -> str:
    return (ABSTRACTS_DIR / f"{name}.txt").read_text(encoding="utf-8").rstrip("\n")


EDITION = EditionSpec(
    slug="pgconf-russia-2016",
    name_en="PGConf.Russia 2016",
    name_ru="PGConf.Россия 2016",
    start_date=datetime.date(2016, 2, 3),
    end_date=datetime.date(2016, 2, 5),
    city_en="Moscow",
    city_ru="Москва",
    venue_en="",
    venue_ru="",
    summary_en=(
        "PGConf.Russia 2016 took place in Moscow from 3 to 5 February 2016, with talks in "
        "English and Russian on PostgreSQL development, administration and migrations.\n\n"
        "This demo archive keeps three of its talks with the abstracts published on the "
        "conference's archive page: Zalando's data collection on logical replication, "
        "Multicorn for writing foreign data wrappers in Python, and BARS group's migration "
        "of a large medical system from Oracle. The other talks of this edition, and the "
        "later editions, are generated sample data.\n\n"
        "Thanks to the speakers, the programme committee and everyone who came."
    ),
    summary_ru=(
        "PGConf.Russia 2016 прошла в Москве с 3 по 5 февраля 2016 года: доклады на русском и "
        "английском о разработке и администрировании PostgreSQL и о миграциях.\n\n"
        "В демонстрационном архиве — три её доклада с аннотациями со страницы архива "
        "конференции: сбор данных в Zalando на логической репликации, Multicorn для "
        "обёрток сторонних данных на Python и перевод большой медицинской системы БАРС Груп "
        "с Oracle. Остальные доклады этой конференции и следующие конференции — "
        "сгенерированные данные.\n\n"
        "Спасибо докладчикам, программному комитету и всем, кто пришёл."
    ),
    is_published=True,
)

COMPANIES = (
    CompanySpec(
        slug="zalando",
        name="Zalando",
        description="Online fashion platform based in Berlin.",
        description_ru="Онлайн-платформа моды из Берлина.",
    ),
    CompanySpec(
        slug="dalibo",
        name="Dalibo",
        website="https://www.dalibo.com/",
        description="PostgreSQL consultancy from France.",
        description_ru="Французская консалтинговая компания по PostgreSQL.",
    ),
    CompanySpec(
        slug="bars-group",
        name="BARS group",
        aliases=("БАРС Груп",),
        description="Software company building information systems for healthcare and "
        "the public sector.",
        description_ru="Разработчик информационных систем для здравоохранения и "
        "государственного сектора.",
        region="ru",
    ),
)

PROJECTS = (
    ProjectSpec(
        slug="multicorn",
        name="Multicorn",
        repository_url="https://github.com/Segfault-Inc/Multicorn",
        description_en="A PostgreSQL extension for writing foreign data wrappers in Python.",
        description_ru="Расширение PostgreSQL для написания обёрток сторонних данных на Python.",
    ),
    ProjectSpec(
        slug="zalando-logical-replication-data-collection-prototype",
        name="Zalando logical replication data collection prototype",
        description_en="Zalando's open-source data collection prototype: it streams data "
        "changes from isolated PostgreSQL databases with logical replication and recreates "
        "them for a data lake, an operational data store and KPI calculation.",
        description_ru="Открытый прототип сбора данных Zalando: он передаёт изменения данных из "
        "изолированных баз PostgreSQL через логическую репликацию и воссоздаёт их "
        "для озера данных, оперативного хранилища и расчёта KPI.",
    ),
    ProjectSpec(
        slug="bars-group-oracle-to-postgresql-code-converter",
        name="BARS group Oracle-to-PostgreSQL code converter",
        description_en="The code converter BARS group developed to move a large medical "
        "system's Oracle code and packages to PostgreSQL.",
        description_ru="Конвертер кода, который БАРС Груп разработала, чтобы перенести код и "
        "пакеты Oracle большой медицинской системы на PostgreSQL.",
    ),
)

SPEAKERS = (
    SpeakerSpec(
        slug="valentine-gogichashvili",
        name="Valentine Gogichashvili",
        language=Language.ENGLISH,
        aliases=("Валентин Гогичашвили",),
        employers=((2016, "zalando"),),
    ),
    SpeakerSpec(
        slug="ronan-dunklau",
        name="Ronan Dunklau",
        language=Language.ENGLISH,
        employers=((2016, "dalibo"),),
    ),
    SpeakerSpec(
        slug="marat-fattakhov",
        name="Марат Фаттахов",
        language=Language.RUSSIAN,
        aliases=("Marat Fattakhov",),
        employers=((2016, "bars-group"),),
    ),
    SpeakerSpec(
        slug="dmitry-boikov",
        name="Dmitry Boikov",
        language=Language.RUSSIAN,
        aliases=("Дмитрий Бойков",),
        employers=((2016, "bars-group"),),
    ),
)


def _talk(*, day: int, hour: int, **fields) -> TalkSpec:
    """A 45-minute talk of this edition, from `hour` o'clock on `day` February 2016."""
    return TalkSpec(
        edition_slug=EDITION.slug,
        kind=TalkKind.TALK,
        start=datetime.datetime(2016, 2, day, hour, 0, tzinfo=MOSCOW),
        duration=datetime.timedelta(minutes=45),
        **fields,
    )


TALKS = (
    _talk(
        slug="data-integration-with-postgresql-logical-replication-at-zalando",
        title="Data integration with PostgreSQL logical replication at Zalando",
        other_title="Интеграция данных в Zalando на логической репликации PostgreSQL",
        abstract=abstract("zalando-logical-replication"),
        language=Language.ENGLISH,
        track="Case studies",
        room="Main hall",
        day=3,
        hour=11,
        speakers=(("valentine-gogichashvili", "zalando"),),
        project_slugs=("zalando-logical-replication-data-collection-prototype",),
    ),
    _talk(
        slug="multicorn-writing-foreign-data-wrappers-in-python",
        title="Multicorn: writing foreign data wrappers in Python",
        other_title="Multicorn: пишем обёртки сторонних данных на Python",
        abstract=abstract("multicorn"),
        language=Language.ENGLISH,
        track="Development",
        room="Hall 2",
        day=4,
        hour=12,
        speakers=(("ronan-dunklau", "dalibo"),),
        project_slugs=("multicorn",),
    ),
    _talk(
        slug="migrating-a-large-medical-system-from-oracle-to-postgresql",
        title="Migrating a large medical system from Oracle to PostgreSQL",
        other_title="Перевод большой медицинской системы с Oracle на PostgreSQL",
        abstract=abstract("bars-oracle-migration"),
        # The abstract was published in English; search stems it as English.
        language=Language.ENGLISH,
        track="Case studies",
        room="Main hall",
        day=5,
        hour=14,
        speakers=(("marat-fattakhov", "bars-group"), ("dmitry-boikov", "bars-group")),
        project_slugs=("bars-group-oracle-to-postgresql-code-converter",),
    ),
)
