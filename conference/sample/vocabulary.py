"""Words the generated talks are made of, in English and Russian.

Titles are "<topic>: <angle>", so search over the sample finds meaningful words
(replication / репликация, partitioning / секционирование) in titles and abstracts alike;
the abstracts' sentences are in sentences_en.py and sentences_ru.py.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    track: str
    title_en: str
    title_ru: str
    sentence_en: str
    sentence_ru: str
    project_slugs: tuple[str, ...] = ()


TOPICS = (
    Topic(
        "Administration",
        "Logical replication in PostgreSQL",
        "Логическая репликация в PostgreSQL",
        "Logical replication streams row changes between databases, publication by "
        "publication, and makes upgrades and data integration possible without downtime.",
        "Логическая репликация передаёт изменения строк между базами по публикациям и "
        "позволяет обновляться и интегрировать данные без простоя.",
    ),
    Topic(
        "Administration",
        "Streaming replication and failover",
        "Потоковая репликация и переключение на реплику",
        "Streaming replication keeps hot standbys close behind the primary; the hard part "
        "is deciding when, and how, to promote one.",
        "Потоковая репликация держит горячие реплики рядом с мастером; самое сложное — "
        "решить, когда и как переключиться на реплику.",
    ),
    Topic(
        "Administration",
        "High availability with Patroni",
        "Высокая доступность с Patroni",
        "Patroni elects a leader through a distributed configuration store and turns a set "
        "of PostgreSQL servers into a cluster that survives the loss of its primary.",
        "Patroni выбирает лидера через распределённое хранилище конфигурации и превращает "
        "набор серверов PostgreSQL в кластер, переживающий потерю мастера.",
        ("patroni",),
    ),
    Topic(
        "Administration",
        "Connection pooling with PgBouncer",
        "Пул соединений на PgBouncer",
        "A connection pooler such as PgBouncer lets thousands of clients share a few dozen "
        "server connections, if the application respects transaction pooling.",
        "Пулер соединений вроде PgBouncer позволяет тысячам клиентов делить несколько "
        "десятков серверных соединений, если приложение готово к пулингу транзакций.",
        ("pgbouncer",),
    ),
    Topic(
        "Ecosystem",
        "Odyssey, a multi-threaded connection pooler",
        "Odyssey: многопоточный пулер соединений",
        "Odyssey spreads connection pooling over several threads and adds per-route "
        "limits, TLS and detailed statistics.",
        "Odyssey распределяет пулинг соединений по нескольким потокам и добавляет лимиты "
        "на маршрут, TLS и подробную статистику.",
        ("odyssey",),
    ),
    Topic(
        "Administration",
        "Backups and point-in-time recovery with WAL-G",
        "Резервное копирование и восстановление на момент времени с WAL-G",
        "WAL-G ships base backups and write-ahead log to object storage, compressed and "
        "encrypted, and restores a cluster to any moment in between.",
        "WAL-G отправляет базовые резервные копии и журнал предзаписи в объектное "
        "хранилище и восстанавливает кластер на любой момент времени.",
        ("wal-g",),
    ),
    Topic(
        "Administration",
        "Incremental backups with pg_probackup",
        "Инкрементальные резервные копии с pg_probackup",
        "pg_probackup takes incremental page-level backups, validates them and merges them, "
        "which keeps backup windows short on multi-terabyte databases.",
        "pg_probackup делает инкрементальные резервные копии на уровне страниц, проверяет "
        "и объединяет их, что сокращает окно резервного копирования многотерабайтных баз.",
        ("pg-probackup",),
    ),
    Topic(
        "Administration",
        "pgBackRest in production",
        "pgBackRest в эксплуатации",
        "pgBackRest runs parallel, resumable backups with checksums and keeps a repository "
        "of them that restores can trust.",
        "pgBackRest выполняет параллельные возобновляемые резервные копии с контрольными "
        "суммами и хранит их так, что восстановлению можно доверять.",
        ("pgbackrest",),
    ),
    Topic(
        "Administration",
        "Fighting table bloat with pg_repack",
        "Борьба с раздуванием таблиц: pg_repack",
        "Bloat grows where autovacuum cannot keep up; pg_repack rebuilds tables and indexes "
        "online, with only brief locks.",
        "Раздувание таблиц растёт там, где автовакуум не успевает; pg_repack перестраивает "
        "таблицы и индексы без долгих блокировок.",
        ("pg-repack",),
    ),
    Topic(
        "Development",
        "Partitioning large tables",
        "Секционирование больших таблиц",
        "Partitioning splits a large table by range or list, so that old data can be "
        "dropped in a second and queries touch only the partitions they need.",
        "Секционирование делит большую таблицу по диапазонам или спискам: старые данные "
        "удаляются за секунду, а запросы читают только нужные секции.",
        ("pg-pathman", "pg-partman"),
    ),
    Topic(
        "Development",
        "Spatial data with PostGIS",
        "Геоданные в PostGIS",
        "PostGIS adds geometry and geography types, spatial indexes and hundreds of "
        "functions, from distance queries to routing.",
        "PostGIS добавляет типы geometry и geography, пространственные индексы и сотни "
        "функций, от поиска по расстоянию до маршрутизации.",
        ("postgis",),
    ),
    Topic(
        "Development",
        "Time-series data with TimescaleDB",
        "Временные ряды в TimescaleDB",
        "TimescaleDB partitions time-series data into chunks automatically and keeps "
        "inserts fast while the data grows to billions of rows.",
        "TimescaleDB автоматически делит временные ряды на чанки и сохраняет быструю "
        "вставку, когда данных становятся миллиарды строк.",
        ("timescaledb",),
    ),
    Topic(
        "Ecosystem",
        "Sharding PostgreSQL with Citus",
        "Шардирование PostgreSQL с Citus",
        "Citus distributes tables across nodes by a shard key and runs queries on all of "
        "them in parallel, while the application still sees one database.",
        "Citus распределяет таблицы по узлам по ключу шардирования и выполняет запросы на "
        "всех узлах параллельно, а приложение по-прежнему видит одну базу.",
        ("citus",),
    ),
    Topic(
        "Internals",
        "Query planning and EXPLAIN",
        "Планировщик запросов и EXPLAIN",
        "EXPLAIN ANALYZE shows what the planner estimated and what really happened; the "
        "gap between the two explains most slow queries.",
        "EXPLAIN ANALYZE показывает, что планировщик ожидал и что произошло на самом деле; "
        "разница между ними объясняет большинство медленных запросов.",
    ),
    Topic(
        "Internals",
        "B-tree, GIN, GiST and BRIN indexes",
        "Индексы B-tree, GIN, GiST и BRIN",
        "Each index type answers different questions: B-tree for order, GIN for contained "
        "values, GiST for geometry and ranges, BRIN for huge naturally ordered tables.",
        "Каждый тип индекса отвечает на свои вопросы: B-tree — на порядок, GIN — на "
        "вхождение, GiST — на геометрию и диапазоны, BRIN — на огромные упорядоченные таблицы.",
    ),
    Topic(
        "Development",
        "Full-text search in PostgreSQL",
        "Полнотекстовый поиск в PostgreSQL",
        "Full-text search with tsvector, dictionaries and GIN indexes is often all an "
        "application needs, without a second search engine to operate.",
        "Полнотекстового поиска на tsvector, словарях и GIN-индексах часто достаточно "
        "приложению, без отдельного поискового движка.",
    ),
    Topic(
        "Development",
        "JSONB in practice",
        "JSONB на практике",
        "JSONB stores documents next to relational data; jsonpath and GIN indexes make "
        "queries into them fast, if the schema is not given up entirely.",
        "JSONB хранит документы рядом с реляционными данными; jsonpath и GIN-индексы делают "
        "запросы к ним быстрыми, если не отказываться от схемы совсем.",
    ),
    Topic(
        "Administration",
        "Monitoring PostgreSQL with pg_stat_statements",
        "Мониторинг PostgreSQL и pg_stat_statements",
        "pg_stat_statements and the statistics views show where the time goes; the trick "
        "is to collect them continuously and to alert on what matters.",
        "pg_stat_statements и статистические представления показывают, куда уходит время; "
        "важно собирать их постоянно и предупреждать о главном.",
    ),
    Topic(
        "Internals",
        "Autovacuum tuning",
        "Настройка автовакуума",
        "Autovacuum removes dead tuples and prevents transaction ID wraparound; its "
        "defaults are cautious and large tables need their own settings.",
        "Автовакуум удаляет мёртвые версии строк и предотвращает переполнение счётчика "
        "транзакций; его настройки по умолчанию осторожны, а большим таблицам нужны свои.",
    ),
    Topic(
        "Case studies",
        "Migrating from Oracle to PostgreSQL",
        "Миграция с Oracle на PostgreSQL",
        "Moving from Oracle means converting PL/SQL packages, rewriting hierarchical "
        "queries and testing every report the business relies on.",
        "Переезд с Oracle — это конвертация пакетов PL/SQL, переписывание иерархических "
        "запросов и проверка каждого отчёта, от которого зависит бизнес.",
    ),
    Topic(
        "Ecosystem",
        "PostgreSQL on Kubernetes",
        "PostgreSQL в Kubernetes",
        "Running PostgreSQL on Kubernetes works when operators handle failover, backups "
        "and storage, and when the team understands what the operator does.",
        "PostgreSQL в Kubernetes работает, когда оператор берёт на себя переключение, "
        "резервные копии и хранилище, а команда понимает, что он делает.",
        ("patroni",),
    ),
    Topic(
        "Internals",
        "MVCC and transaction isolation",
        "MVCC и уровни изоляции транзакций",
        "Multiversion concurrency control lets readers and writers work without blocking "
        "each other; isolation levels decide which anomalies remain possible.",
        "Многоверсионность позволяет читателям и писателям не блокировать друг друга; "
        "уровни изоляции определяют, какие аномалии остаются возможными.",
    ),
    Topic(
        "Development",
        "Row-level security",
        "Защита на уровне строк",
        "Row-level security policies keep tenants apart inside one table, enforced by the "
        "database instead of every query of the application.",
        "Политики защиты на уровне строк разделяют клиентов внутри одной таблицы, и следит "
        "за этим база данных, а не каждый запрос приложения.",
    ),
    Topic(
        "Internals",
        "Parallel query execution",
        "Параллельное выполнение запросов",
        "Parallel sequential scans, joins and aggregates spread one query over several "
        "workers; knowing when the planner uses them saves hardware.",
        "Параллельные сканирования, соединения и агрегаты распределяют один запрос по "
        "нескольким процессам; важно понимать, когда планировщик их выбирает.",
    ),
    Topic(
        "Internals",
        "Write-ahead log internals",
        "Журнал предзаписи (WAL) изнутри",
        "Every change goes to the write-ahead log first; checkpoints, full-page writes and "
        "WAL volume follow from that one rule.",
        "Каждое изменение сначала попадает в журнал предзаписи; контрольные точки, полные "
        "образы страниц и объём WAL следуют из этого правила.",
    ),
    Topic(
        "Ecosystem",
        "Foreign data wrappers",
        "Обёртки сторонних данных",
        "Foreign data wrappers make other databases, files and services look like tables, "
        "queried and joined with plain SQL.",
        "Обёртки сторонних данных представляют другие базы, файлы и сервисы как таблицы, "
        "к которым можно обращаться обычным SQL.",
        ("multicorn",),
    ),
    Topic(
        "Development",
        "Writing PostgreSQL extensions",
        "Как писать расширения PostgreSQL",
        "Extensions add types, functions, index methods and background workers to "
        "PostgreSQL without forking it.",
        "Расширения добавляют в PostgreSQL типы, функции, методы доступа и фоновые процессы "
        "без форка самой СУБД.",
    ),
)

ANGLES_EN = (
    "lessons from {company}",
    "a year in production",
    "pitfalls and workarounds",
    "what's new in PostgreSQL {version}",
    "from prototype to production",
    "a practical guide",
    "at {company} scale",
    "myths and facts",
    "how {company} does it",
    "tips for DBAs",
    "under heavy load",
    "the road to PostgreSQL {version}",
)

ANGLES_RU = (
    "опыт {company}",
    "год в продакшене",
    "подводные камни и обходные пути",
    "что нового в PostgreSQL {version}",
    "от прототипа до продакшена",
    "практическое руководство",
    "как это устроено в {company}",
    "мифы и факты",
    "история одного проекта",
    "советы администраторам",
    "под высокой нагрузкой",
    "путь к PostgreSQL {version}",
)

# Sentences that fit any talk, filled with the speaker's company and a server count: the
# first of the abstracts' general sentences (sentences_en.ENGINEERING), and bench/archive.py's.
CONTEXT_EN = (
    "At {company} we run it on {servers} servers and a few hundred databases.",
    "We will go through configuration, monitoring and the mistakes we made along the way.",
    "You will leave with a checklist you can apply to your own databases on Monday.",
    "The talk is based on {years} years of running PostgreSQL at {company}.",
    "Expect real numbers, real graphs and a live demo.",
)

CONTEXT_RU = (
    "В {company} это работает на {servers} серверах и нескольких сотнях баз.",
    "Разберём настройку, мониторинг и ошибки, которые мы совершили по пути.",
    "Вы уйдёте со списком проверок, который можно применить к своим базам уже в понедельник.",
    "Доклад основан на {years}-летнем опыте эксплуатации PostgreSQL в {company}.",
    "Будут реальные цифры, графики и живая демонстрация.",
)

# PostgreSQL versions current at each edition, for "what's new in PostgreSQL 10".
VERSIONS = {2016: ("9.5", "9.6"), 2017: ("9.6", "10"), 2018: ("10", "11"), 2019: ("11", "12")}
VERSIONS_DEFAULT = ("12", "13")

BIO_EN = (
    "{role} at {company}, working with PostgreSQL since {since}.",
    "{role} at {company}. Contributes to open-source PostgreSQL tools.",
)
BIO_RU = (
    "{role} в {company}, работает с PostgreSQL с {since} года.",
    "{role} в {company}. Участвует в разработке открытых инструментов для PostgreSQL.",
)
ROLES_EN = ("Database engineer", "DBA", "Software developer", "Team lead", "Architect", "CTO")
ROLES_RU = ("Инженер баз данных", "Администратор баз данных", "Разработчик", "Тимлид", "Архитектор")
