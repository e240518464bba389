"""The static search index reads trimmed copies of the talk pages: the bundle Pagefind
builds from them is the one it builds from the whole pages (conference.static_export.search)."""

import shutil
import tempfile
from pathlib import Path

import pytest

from conference.static_export import search
from conference.static_export.export import export
from tests.factories import EditionFactory, SpeakerFactory, TalkFactory


def files_of(folder) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.django_db
def test_bundle_from_trimmed_pages_is_the_bundle_from_whole_pages(tmp_path):
    edition = EditionFactory(name="PGConf 2016", slug="pgconf-2016")
    ronan = SpeakerFactory(name="Ronan Dunklau", slug="ronan-dunklau")
    oleg = SpeakerFactory(name="Oleg Bartunov", slug="oleg-bartunov")
    TalkFactory(edition=edition, slug="multicorn", title="Multicorn", speakers=[ronan])
    TalkFactory(edition=edition, slug="gin", title="GIN indexes", speakers=[oleg, ronan])
    TalkFactory(edition=edition, slug="rum", title="RUM access method", speakers=[oleg])
    folder = tmp_path / "site"
    assert export(folder).problems == []
    talk_files = search.talk_files_by_edition(
        str(path.relative_to(folder)) for path in folder.rglob("index.html")
    )["pgconf-2016"]
    assert len(talk_files) == 6  # three talks, two languages

    # The whole pages where the export puts their copies, in the same order (Pagefind
    # numbers the pages in the order it finds them).
    bundle = tmp_path / "bundle"
    with tempfile.TemporaryDirectory(dir=search.SCRATCH) as whole:
        for file in sorted(talk_files):
            (Path(whole) / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / file, Path(whole) / file)
        search._run(Path(whole), bundle)
    search._steady_entry(bundle / search.ENTRY)

    exported = folder / search.BUNDLE / "pgconf-2016"
    assert files_of(exported) == files_of(bundle)


def test_trimmed_copy_keeps_language_title_and_the_indexed_part(tmp_path):
    page = (
        '<!DOCTYPE html>\n<html lang="ru">\n<head><meta charset="utf-8">\n'
        "<title>Мультикорн | Архив</title><link rel=stylesheet href=s.css></head>\n"
        "<body><nav>Навигация</nav><main>\n"
        '<article class="talk" data-pagefind-body><h1>Мультикорн</h1><p>Аннотация</p>\n'
        '  <section data-pagefind-ignore="all"><h2>Другие доклады</h2></section>\n'
        "</article></main><footer>Подвал</footer></body></html>\n"
    )
    source, target = tmp_path / "page.html", tmp_path / "copy" / "page.html"
    source.write_text(page)
    search._indexed_copy(source, target)
    assert target.read_text() == (
        '<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8">'
        "<title>Мультикорн | Архив</title></head><body>"
        '<article class="talk" data-pagefind-body><h1>Мультикорн</h1><p>Аннотация</p>\n  '
        "</article></body></html>\n"
    )

    unmarked = tmp_path / "unmarked.html"
    unmarked.write_text(page.replace(" data-pagefind-ignore", ""))
    search._indexed_copy(unmarked, tmp_path / "copy" / "unmarked.html")
    assert (tmp_path / "copy" / "unmarked.html").read_text() == unmarked.read_text()
