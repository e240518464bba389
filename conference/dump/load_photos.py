"""Loading a dump's galleries and photos into an empty archive: published, with their own
ids (a photo's page is addressed by it), their renditions' rows naming the files by their
storage names, and no original (the dump never holds one; docs/dump.md says how to bring
the rendition files along). Each function is one of conference.dump.kinds' entries."""

from conference.dump.fields import Record, checked
from conference.dump.loading import BATCH, Loading, create
from photos.choices import CheckStatus, PhotoStatus, RenditionsStatus
from photos.models import Gallery, Photo, Rendition


def load_galleries(records: list[Record], loading: Loading) -> None:
    galleries = []
    for record in records:
        edition_id = loading.known(record, "editions", record.integer("edition_id"), "edition_id")
        gallery = Gallery(
            id=loading.add(record, "galleries", record.integer("id"), owner=edition_id),
            edition_id=edition_id,
            slug=record.text("slug"),
            title_en=record.text("title_en"),
            title_ru=record.text("title_ru"),
            description=record.text("description"),
            position=record.integer("position"),
            talk_id=loading.known(record, "talks", record.integer("talk_id", null=True), "talk_id"),
            is_published=True,
        )
        # Set once the photos are in (load_photos): the cover is one of them.
        gallery.dump_cover_id = record.integer("cover_photo_id", null=True)
        gallery.dump_record = record
        galleries.append(checked(gallery, record))
    create(Gallery, galleries, records)
    loading.galleries = galleries


def load_photos(records: list[Record], loading: Loading) -> None:
    photos, renditions, shown = [], [], []
    for record in records:
        photo = _photo(record, loading)
        photos.append(photo)
        for each in record.nested_list("renditions"):
            rendition = Rendition(
                photo_id=photo.pk,
                width=each.integer("width"),
                height=each.integer("height"),
                format=each.text("format"),
                file=each.file_name("file", null=False),
            )
            renditions.append(checked(rendition, each))
        if renditions and renditions[-1].photo_id == photo.pk:
            photo.renditions_status = RenditionsStatus.READY
        for speaker_id in record.integers("speaker_ids"):
            loading.known(record, "speakers", speaker_id, "speaker")
            shown.append(Photo.speakers.through(photo_id=photo.pk, speaker_id=speaker_id))
    create(Photo, photos)
    Rendition.objects.bulk_create(renditions, batch_size=BATCH)
    Photo.speakers.through.objects.bulk_create(shown, batch_size=BATCH)
    _set_covers(loading)


def _photo(record: Record, loading: Loading) -> Photo:
    gallery_id = loading.known(record, "galleries", record.integer("gallery_id"), "gallery_id")
    photo = Photo(
        id=loading.add(record, "photos", record.integer("id"), owner=gallery_id),
        gallery_id=gallery_id,
        caption_en=record.text("caption_en"),
        caption_ru=record.text("caption_ru"),
        alt_text_en=record.text("alt_text_en"),
        alt_text_ru=record.text("alt_text_ru"),
        credit=record.text("credit"),
        taken_at=record.moment("taken_at", null=True),
        width=record.integer("width"),
        height=record.integer("height"),
        placeholder_color=record.text("placeholder_color"),
        position=record.integer("position"),
        talk_id=loading.known(record, "talks", record.integer("talk_id", null=True), "talk_id"),
        status=PhotoStatus.PUBLISHED,
        # READY once a rendition is read (load_photos); none were built for the others.
        renditions_status=RenditionsStatus.PENDING,
        check_status=CheckStatus.PASSED,
    )
    # The original is private: no dump holds it, so the imported photo has none.
    return checked(photo, record, exclude=("original",))


def _set_covers(loading: Loading) -> None:
    """Each gallery's cover, once its photos exist: a photo of that gallery."""
    galleries = getattr(loading, "galleries", [])
    for gallery in galleries:
        cover = gallery.dump_cover_id
        if cover is not None and loading.owner["photos"].get(cover) != gallery.pk:
            raise gallery.dump_record.error(f"cover_photo_id {cover} is not a photo of it")
        gallery.cover_id = cover
    Gallery.objects.bulk_update(galleries, ["cover"], batch_size=BATCH)
