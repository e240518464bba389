"""Writes that touch several rows of the talks app: merging duplicates, ordering speakers.

Every service is keyword-only, runs in one transaction and says in its docstring what it
changes besides its arguments.
"""

from collections.abc import Iterable

from django.db import models, transaction

from conference.db.stored_files import delete_on_commit
from conference.web.archive_version import ArchiveVersion
from talks.decks.services import follow_talk_change
from talks.decks.storing import delete_deck_files_on_commit
from talks.models import Company, Speaker, Talk, TalkSpeaker
from talks.related import refresh_on_commit


@transaction.atomic
def merge_speakers(*, keep: Speaker, duplicate: Speaker) -> Speaker:
    """Fold `duplicate` into `keep` and delete `duplicate`; return the merged `keep`.

    Side effects, all in one transaction:
    - every TalkSpeaker of `duplicate` now points at `keep`. Where `keep` is already on that
      talk, the duplicate's link is deleted instead; `keep`'s position and company there stay,
      except that an empty company is taken from the duplicate's link;
    - every photo showing `duplicate` shows `keep` (no photo lists `keep` twice);
    - `keep`'s empty spelling of the name (Latin or Cyrillic), bio, portrait, website and
      current company are taken from `duplicate`;
    - `keep.aliases` gains `duplicate`'s spellings not taken and `duplicate.aliases` (see
      `_merge_aliases`);
    - the `duplicate` row is deleted; its portrait file too, once committed, unless `keep`
      took it.

    Both rows are locked for the transaction, so two organisers merging the same speakers at
    once cannot lose links. Raises ValueError when both are the same speaker and
    Speaker.DoesNotExist when either was deleted meanwhile (for example by another merge).
    """
    keep, duplicate = _lock_pair(Speaker, keep=keep, duplicate=duplicate)

    _move_talk_links(keep=keep, duplicate=duplicate)
    _move_photo_links(keep=keep, duplicate=duplicate)

    fields = ("name_en", "name_ru", "bio", "photo", "website", "company")
    filled = _fill_blanks(keep, duplicate, fields=fields)
    keep.aliases = _merge_aliases(
        names=keep.spellings,
        aliases=keep.aliases,
        extra=[*duplicate.spellings, *duplicate.aliases],
    )
    duplicate.delete()
    keep.save(update_fields=["aliases", *filled, "updated_at"])
    if duplicate.photo and duplicate.photo.name != keep.photo.name:
        delete_on_commit(duplicate.photo.storage, [duplicate.photo.name])
    refresh_on_commit()  # the talks now share `keep` (talks/related.py)
    return keep


@transaction.atomic
def merge_companies(*, keep: Company, duplicate: Company) -> Company:
    """Fold `duplicate` into `keep` and delete `duplicate`; return the merged `keep`.

    Side effects, all in one transaction:
    - every TalkSpeaker whose company at that talk was `duplicate` now names `keep`;
    - every speaker whose current company was `duplicate` now works at `keep`;
    - `keep`'s empty spelling of the name, website and descriptions (each language's)
      are taken from `duplicate`;
    - `keep.aliases` gains `duplicate`'s spellings not taken and `duplicate.aliases` (see
      `_merge_aliases`);
    - the `duplicate` row is deleted (before `keep` is saved: a spelling `keep` takes must
      leave it first, each spelling naming one company).

    Both rows are locked for the transaction. Raises ValueError when both are the same
    company and Company.DoesNotExist when either was deleted meanwhile.
    """
    keep, duplicate = _lock_pair(Company, keep=keep, duplicate=duplicate)

    TalkSpeaker.objects.filter(company=duplicate).update(company=keep)
    Speaker.objects.filter(company=duplicate).update(company=keep)

    fields = ("name_en", "name_ru", "website", "description_en", "description_ru")
    filled = _fill_blanks(keep, duplicate, fields=fields)
    keep.aliases = _merge_aliases(
        names=keep.spellings,
        aliases=keep.aliases,
        extra=[*duplicate.spellings, *duplicate.aliases],
    )
    duplicate.delete()
    keep.save(update_fields=["aliases", *filled, "updated_at"])
    return keep


@transaction.atomic
def renumber_talk_speakers(*, talk: Talk) -> None:
    """Number the talk's speakers 0..n-1 in their current order (position, then creation).

    Side effects: updates `position` of the talk's TalkSpeaker rows that were out of step,
    so that forms and importers may leave gaps or ties and the order stays the one shown.
    """
    links = list(talk.talk_speakers.order_by("position", "pk"))
    changed = []
    for position, link in enumerate(links):
        if link.position != position:
            link.position = position
            changed.append(link)
    TalkSpeaker.objects.bulk_update(changed, ["position"])


# The file each model owns. Both are public at their address, so a file goes with its row
# and with the value it had: the admin's delete and change forms come through here.
OWNED_FILES = {Talk: "slides_file", Speaker: "photo"}


# The talk's fields its slide deck follows (talks.decks.services.follow_talk_change), by
# the names a form gives them.
DECK_SOURCES = {"slides_url": "slides_url", "is_published": "is_published", "edition": "edition_id"}


def save_talk(*, talk: Talk) -> None:
    """Save `talk`; a slides file it replaced or cleared is deleted once that commits, and
    its slide deck follows what changed.

    Side effects, in one transaction: the talk's row is locked and saved; if its slides
    file changed (a new upload, or "clear"), the file it had is deleted from storage once
    committed (a replaced file must not stay reachable at its address); if the
    transaction rolls back, the old file stays. What the change of its slides file or
    link, its publication or its edition means for its deck (a new deck, a fetch, the
    deck deleted, public page images made or withdrawn) is
    talks.decks.services.follow_talk_change's.
    """
    with transaction.atomic():
        before = _save_replacing_file(talk, also=tuple(DECK_SOURCES.values()))
        changed = [
            name
            for name, column in DECK_SOURCES.items()
            if before is None or before[column] != getattr(talk, column)
        ]
        if before is None or (before["slides_file"] or "") != (talk.slides_file.name or ""):
            changed.append("slides_file")
        follow_talk_change(talk=talk, changed=changed)
        refresh_on_commit()  # its text may have changed its topics (talks/related.py)


def save_speaker(*, speaker: Speaker) -> None:
    """Save `speaker`; a portrait it replaced or cleared is deleted once that commits.

    Side effects: as save_talk's, for the speaker's portrait.
    """
    _save_replacing_file(speaker)


def delete_talks(*, talks) -> int:
    """Delete `talks` (talks or a queryset) and, once that commits, their slides files
    (the slides file, and their decks' PDFs and page images).

    Side effects, in one transaction: the talks are locked and deleted with what cascades
    from them (speaker and project links; galleries and photos of a talk stay, without
    the talk). Once committed, their slides files are deleted from storage; if it rolls
    back, they stay. Returns how many talks were deleted.
    """
    ids = [talk.pk for talk in talks]
    with transaction.atomic():
        delete_deck_files_on_commit(talk_ids=ids)  # their slide decks cascade
        refresh_on_commit()  # the talks that listed them (talks/related.py)
        return _delete_with_files(Talk, ids)


def delete_speakers(*, speakers) -> int:
    """Delete `speakers` (speakers or a queryset) and, once that commits, their portraits.

    Side effects: as delete_talks's (their talk and photo links go with them). Returns how
    many speakers were deleted.
    """
    deleted = _delete_with_files(Speaker, [speaker.pk for speaker in speakers])
    refresh_on_commit()  # their talks shared them (talks/related.py)
    return deleted


def _save_replacing_file(obj: models.Model, also: tuple[str, ...] = ()) -> dict | None:
    """Save `obj` and, once that commits, delete the file its owned file field held
    before, if the save replaced it. The row is locked first, so that two saves cannot
    both read the same previous file and leave one of the new ones orphaned. Returns the
    row's values before the save (the file field and the columns `also`), or None for a
    new row."""
    field = obj._meta.get_field(OWNED_FILES[type(obj)])
    before = None
    with transaction.atomic():
        if obj.pk is not None:
            ArchiveVersion.lock_for_write()  # before the row lock below: see its docstring
            row = type(obj).objects.select_for_update().filter(pk=obj.pk)
            before = row.values(field.attname, *also).first()
        obj.save()
        previous = (before or {}).get(field.attname) or ""
        if previous and previous != getattr(obj, field.name).name:
            delete_on_commit(field.storage, [previous])
    return before


def _delete_with_files(model: type[models.Model], ids: list) -> int:
    """Delete the `model` rows with `ids` and, once that commits, their owned files;
    returns how many rows there were. Locked in primary-key order, as merges lock."""
    field = model._meta.get_field(OWNED_FILES[model])
    with transaction.atomic():
        ArchiveVersion.lock_for_write()  # before the row locks below: see its docstring
        rows = model.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        locked = dict(rows.values_list("pk", field.name))
        model.objects.filter(pk__in=locked).delete()
        delete_on_commit(field.storage, locked.values())
    return len(locked)


def _lock_pair[M: models.Model](model: type[M], *, keep: M, duplicate: M) -> tuple[M, M]:
    """Re-read both rows with FOR UPDATE and return them as (keep, duplicate).

    The rows are locked in primary-key order, the same in every merge, so that two merges
    of the same pair in opposite directions wait for each other instead of deadlocking.
    """
    if keep.pk == duplicate.pk:
        raise ValueError(f"Cannot merge {model._meta.verbose_name} “{keep}” into itself.")
    ArchiveVersion.lock_for_write()
    rows = model.objects.select_for_update().filter(pk__in=(keep.pk, duplicate.pk)).order_by("pk")
    locked = {row.pk: row for row in rows}
    if len(locked) != 2:
        raise model.DoesNotExist(f"A {model._meta.verbose_name} to merge no longer exists.")
    return locked[keep.pk], locked[duplicate.pk]


def _move_talk_links(*, keep: Speaker, duplicate: Speaker) -> None:
    """Point the duplicate's talk links at `keep`; on shared talks keep `keep`'s link."""
    keep_links = {link.talk_id: link for link in keep.talk_speakers.select_for_update()}
    for link in duplicate.talk_speakers.select_for_update():
        existing = keep_links.get(link.talk_id)
        if existing is None:
            link.speaker = keep
            link.save(update_fields=["speaker"])
            continue
        if existing.company_id is None and link.company_id is not None:
            existing.company_id = link.company_id
            existing.save(update_fields=["company"])
        link.delete()


def _move_photo_links(*, keep: Speaker, duplicate: Speaker) -> None:
    """Point the duplicate's photo links at `keep`, dropping photos that already show `keep`."""
    # The auto-created Photo.speakers table, reached from this side so that talks does not
    # import photos.
    links = Speaker.photos.through.objects
    links.filter(speaker=duplicate, photo__in=links.filter(speaker=keep).values("photo")).delete()
    links.filter(speaker=duplicate).update(speaker=keep)


def _merge_aliases(
    *, names: Iterable[str], aliases: Iterable[str], extra: Iterable[str]
) -> list[str]:
    """`aliases` followed by `extra`, without blanks, repeats or `names` (ignoring case).

    The first spelling met wins, so existing aliases keep their order and spelling.
    """
    seen = {name.strip().casefold() for name in names}
    merged = []
    for alias in (*aliases, *extra):
        alias = alias.strip()
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            merged.append(alias)
    return merged


def _fill_blanks(keep: models.Model, duplicate: models.Model, *, fields: Iterable[str]) -> list:
    """Copy each of `fields` that is empty on `keep` from `duplicate`; return those copied."""
    filled = []
    for name in fields:
        attname = keep._meta.get_field(name).attname  # company_id, not a fetched Company
        if not getattr(keep, attname) and getattr(duplicate, attname):
            setattr(keep, attname, getattr(duplicate, attname))
            filled.append(name)
    return filled
