"""Reference rows of the generated part of the sample: editions, companies and projects.

Companies and projects are real names of the PostgreSQL world with their real addresses;
the talks that mention them are generated.
"""

import datetime

from conference.sample.specs import CompanySpec, EditionSpec, ProjectSpec


def _generated_edition(start: datetime.date, talks=("", ""), *, is_published=True):
    """A generated edition: three days in Moscow at the same venue, its summary in English
    and Russian naming what it had (`talks`, in each language); without it, no summary."""
    year = start.year
    summary_en = (
        f"PGConf.Russia {year} brought together developers and administrators of PostgreSQL "
        f"in Moscow for three days of {talks[0]} in English and Russian.\n\n"
        "This edition is generated sample data for the demo: the companies and projects are "
        "real, the talks, speakers and numbers are not."
    )
    summary_ru = (
        f"PGConf.Russia {year} три дня собирала в Москве разработчиков и администраторов "
        f"PostgreSQL: {talks[1]} на русском и английском языках.\n\n"
        "Эта конференция — сгенерированные данные для демонстрации: компании и проекты "
        "настоящие, доклады, докладчики и цифры — нет."
    )
    return EditionSpec(
        slug=f"pgconf-russia-{year}",
        name_en=f"PGConf.Russia {year}",
        name_ru=f"PGConf.Россия {year}",
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        city_en="Moscow",
        city_ru="Москва",
        venue_en="Radisson Slavyanskaya",
        venue_ru="Рэдиссон Славянская",
        summary_en=summary_en if talks[0] else "",
        summary_ru=summary_ru if talks[1] else "",
        is_published=is_published,
    )


# The newest edition is a draft, to show that unpublished editions stay private.
GENERATED_EDITIONS = (
    _generated_edition(
        datetime.date(2017, 3, 15), ("talks and workshops", "доклады и мастер-классы")
    ),
    _generated_edition(datetime.date(2018, 2, 5), ("talks", "доклады")),
    _generated_edition(
        datetime.date(2019, 2, 4), ("talks and lightning talks", "доклады и блиц-доклады")
    ),
    _generated_edition(datetime.date(2020, 2, 3), is_published=False),
)

COMPANIES = (
    CompanySpec(
        slug="postgres-professional",
        name="Postgres Professional",
        website="https://postgrespro.com/",
        aliases=("Postgres Pro", "Постгрес Профессиональный"),
        region="ru",
    ),
    CompanySpec(
        slug="yandex",
        name="Yandex",
        website="https://yandex.com/",
        aliases=("Яндекс",),
        region="ru",
    ),
    CompanySpec(slug="avito", name="Avito", aliases=("Авито",), region="ru"),
    CompanySpec(slug="tinkoff", name="Tinkoff", aliases=("Тинькофф",), region="ru"),
    CompanySpec(slug="ozon", name="Ozon", aliases=("Озон",), region="ru"),
    CompanySpec(slug="sberbank", name="Sberbank", aliases=("Сбербанк",), region="ru"),
    CompanySpec(slug="mail-ru-group", name="Mail.Ru Group", region="ru"),
    CompanySpec(
        slug="kaspersky-lab",
        name="Kaspersky Lab",
        aliases=("Лаборатория Касперского",),
        region="ru",
    ),
    CompanySpec(
        slug="data-egret", name="Data Egret", website="https://dataegret.com/", region="ru"
    ),
    CompanySpec(slug="skb-kontur", name="SKB Kontur", aliases=("СКБ Контур",), region="ru"),
    CompanySpec(slug="hh-ru", name="HeadHunter", aliases=("hh.ru",), region="ru"),
    CompanySpec(slug="lamoda", name="Lamoda", region="ru"),
    CompanySpec(slug="x5-retail-group", name="X5 Retail Group", region="ru"),
    CompanySpec(slug="selectel", name="Selectel", region="ru"),
    CompanySpec(slug="arenadata", name="Arenadata", region="ru"),
    CompanySpec(slug="rambler", name="Rambler", aliases=("Рамблер",), region="ru"),
    CompanySpec(slug="skyeng", name="Skyeng", region="ru"),
    CompanySpec(slug="innopolis-university", name="Innopolis University", region="ru"),
    CompanySpec(
        slug="moscow-state-university",
        name="Moscow State University",
        aliases=("МГУ",),
        region="ru",
    ),
    CompanySpec(slug="enterprisedb", name="EnterpriseDB", website="https://www.enterprisedb.com/"),
    CompanySpec(slug="crunchy-data", name="Crunchy Data", website="https://www.crunchydata.com/"),
    CompanySpec(slug="cybertec", name="Cybertec", website="https://www.cybertec-postgresql.com/"),
    CompanySpec(slug="2ndquadrant", name="2ndQuadrant"),
    CompanySpec(slug="percona", name="Percona", website="https://www.percona.com/"),
    CompanySpec(slug="citus-data", name="Citus Data"),
    CompanySpec(slug="timescale", name="Timescale"),
    CompanySpec(slug="microsoft", name="Microsoft"),
    CompanySpec(slug="amazon-web-services", name="Amazon Web Services", aliases=("AWS",)),
    CompanySpec(slug="google", name="Google"),
    CompanySpec(slug="red-hat", name="Red Hat"),
    CompanySpec(slug="vmware", name="VMware"),
    CompanySpec(slug="gitlab", name="GitLab"),
)

PROJECTS = (
    ProjectSpec(
        slug="patroni",
        name="Patroni",
        repository_url="https://github.com/patroni/patroni",
        homepage_url="https://patroni.readthedocs.io/",
        description_en="A template for highly available PostgreSQL clusters, with leader "
        "election through etcd, Consul, ZooKeeper or Kubernetes.",
        description_ru="Шаблон высокодоступных кластеров PostgreSQL с выбором лидера через etcd, "
        "Consul, ZooKeeper или Kubernetes.",
    ),
    ProjectSpec(
        slug="pgbouncer",
        name="PgBouncer",
        repository_url="https://github.com/pgbouncer/pgbouncer",
        homepage_url="https://www.pgbouncer.org/",
        description_en="A lightweight connection pooler for PostgreSQL.",
        description_ru="Лёгкий пулер соединений для PostgreSQL.",
    ),
    ProjectSpec(
        slug="odyssey",
        name="Odyssey",
        repository_url="https://github.com/yandex/odyssey",
        description_en="A scalable, multi-threaded PostgreSQL connection pooler from Yandex.",
        description_ru="Масштабируемый многопоточный пулер соединений PostgreSQL от Яндекса.",
    ),
    ProjectSpec(
        slug="wal-g",
        name="WAL-G",
        repository_url="https://github.com/wal-g/wal-g",
        description_en="Archival and restoration for PostgreSQL: base backups and WAL archiving "
        "to cloud object storage.",
        description_ru="Архивирование и восстановление PostgreSQL: базовые копии и архив WAL в "
        "облачном объектном хранилище.",
    ),
    ProjectSpec(
        slug="pg-probackup",
        name="pg_probackup",
        repository_url="https://github.com/postgrespro/pg_probackup",
        description_en="A backup and recovery manager for PostgreSQL from Postgres Professional.",
        description_ru="Менеджер резервного копирования и восстановления PostgreSQL от Postgres "
        "Professional.",
    ),
    ProjectSpec(
        slug="pgbackrest",
        name="pgBackRest",
        repository_url="https://github.com/pgbackrest/pgbackrest",
        homepage_url="https://pgbackrest.org/",
        description_en="Reliable backup and restore for PostgreSQL.",
        description_ru="Надёжное резервное копирование и восстановление PostgreSQL.",
    ),
    ProjectSpec(
        slug="pg-repack",
        name="pg_repack",
        repository_url="https://github.com/reorg/pg_repack",
        homepage_url="https://reorg.github.io/pg_repack/",
        description_en="Removes bloat from tables and indexes with only brief locks.",
        description_ru="Убирает раздувание таблиц и индексов, блокируя их лишь ненадолго.",
    ),
    ProjectSpec(
        slug="postgis",
        name="PostGIS",
        repository_url="https://github.com/postgis/postgis",
        homepage_url="https://postgis.net/",
        description_en="Spatial and geographic objects for PostgreSQL.",
        description_ru="Пространственные и географические объекты для PostgreSQL.",
    ),
    ProjectSpec(
        slug="timescaledb",
        name="TimescaleDB",
        repository_url="https://github.com/timescale/timescaledb",
        description_en="Time-series data in PostgreSQL, packaged as an extension.",
        description_ru="Временные ряды в PostgreSQL в виде расширения.",
    ),
    ProjectSpec(
        slug="citus",
        name="Citus",
        repository_url="https://github.com/citusdata/citus",
        description_en="Distributed PostgreSQL as an extension: sharded tables and parallel "
        "queries across nodes.",
        description_ru="Распределённый PostgreSQL в виде расширения: шардированные таблицы и "
        "параллельные запросы по узлам.",
    ),
    ProjectSpec(
        slug="pg-pathman",
        name="pg_pathman",
        repository_url="https://github.com/postgrespro/pg_pathman",
        description_en="A partitioning extension for PostgreSQL from Postgres Professional.",
        description_ru="Расширение для секционирования таблиц PostgreSQL от Postgres Professional.",
    ),
    ProjectSpec(
        slug="pg-partman",
        name="pg_partman",
        repository_url="https://github.com/pgpartman/pg_partman",
        description_en="An extension to create and manage time- and number-based partition sets.",
        description_ru="Расширение для создания секций по времени и по числам и управления ими.",
    ),
)

ROOMS = ("Main hall", "Hall 2", "Hall 3")  # in the timetable's order
# The Russian names of the tracks (the topics' and the seed talks') and of the rooms.
TRACKS_RU = {
    "Administration": "Администрирование",
    "Case studies": "Опыт внедрения",
    "Development": "Разработка",
    "Ecosystem": "Экосистема",
    "Internals": "Внутреннее устройство",
}
ROOMS_RU = {"Main hall": "Большой зал", "Hall 2": "Зал 2", "Hall 3": "Зал 3"}
SLOT_TIMES = tuple(
    datetime.time(hour, minute)
    for hour, minute in ((10, 0), (11, 0), (12, 0), (14, 0), (15, 0), (16, 0), (17, 0))
)
