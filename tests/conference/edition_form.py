"""What the edition's admin form posts beside its own fields: the management forms of its
track and room inlines (conference.admin.TrackInline, RoomInline), with no rows."""

EDITION_INLINES = {
    f"{prefix}-{key}": value
    for prefix in ("tracks", "rooms")
    for key, value in (
        ("TOTAL_FORMS", 0),
        ("INITIAL_FORMS", 0),
        ("MIN_NUM_FORMS", 0),
        ("MAX_NUM_FORMS", 1000),
    )
}
