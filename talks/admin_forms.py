"""The talk admin's form: a talk's start entered and shown as the clock at its venue.

Django's own date-time field reads what an organiser types in the site's TIME_ZONE and
shows a stored instant in it. A talk's start is the wall time of its edition's venue
(conference.zones): 31C3's talk at 11:30 in Hamburg is typed 11:30, not 13:30 Moscow.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conference.zones import local, names_its_zone, venue_time, zone_label
from talks.models import Talk


class VenueDateTimeField(forms.SplitDateTimeField):
    """A date and a time as typed, left naive: the form knows the zone to read them in
    (the edition's), which a field alone does not."""

    def compress(self, data_list):
        if not data_list:
            return None
        # As SplitDateTimeField's: one half left empty is an error, not "no time".
        if data_list[0] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if data_list[1] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        return datetime.datetime.combine(*data_list)


class TalkAdminForm(forms.ModelForm):
    """A talk, its start in its edition's zone both ways: shown as the venue's wall time,
    and a typed wall time read as the instant it names there (conference.zones.venue_time)."""

    class Meta:
        model = Talk
        # The fields this form reads; TalkAdmin's fieldsets add the others.
        fields = ("edition", "start")
        field_classes = {"start": VenueDateTimeField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        edition = self.instance.edition if self.instance.edition_id else None
        self._limit_programme(edition)
        if "start" not in self.fields:
            return
        if edition is None:
            self.fields["start"].help_text = _(
                "The time at the venue, in the time zone of the edition chosen above."
            )
            return
        if self.instance.start is not None:
            # Naive, so that the widget shows it as it is rather than in the site's zone.
            wall = local(self.instance.start, edition)
            self.initial["start"] = wall.replace(tzinfo=None)
        self.fields["start"].help_text = gettext(
            "The time at the venue, in the edition's time zone: %(zone)s."
        ) % {"zone": edition.time_zone}

    def _limit_programme(self, edition) -> None:
        """The track and room are chosen among the talk's edition's (all editions' for a
        new talk, each labelled with its edition; clean() checks the pair)."""
        for name in ("track", "room"):
            field = self.fields.get(name)
            if field is None:
                continue
            if edition is not None:
                field.queryset = field.queryset.filter(edition=edition)
            else:
                field.queryset = field.queryset.select_related("edition")
                field.label_from_instance = lambda row: f"{row} ({row.edition})"

    def clean(self):
        cleaned = super().clean()
        for name in ("track", "room"):
            row, edition = cleaned.get(name), cleaned.get("edition")
            if row is not None and edition is not None and row.edition_id != edition.pk:
                self.add_error(
                    name, gettext("Choose one of the edition's own (or add it on the edition).")
                )
        wall, edition = cleaned.get("start"), cleaned.get("edition")
        if wall is None:
            return cleaned
        if edition is None:
            # The edition has an error of its own; a wall time means nothing without it.
            del cleaned["start"]
            return cleaned
        try:
            cleaned["start"] = venue_time(wall, edition)
        except ValidationError as error:
            self.add_error("start", error)
        return cleaned


def venue_start(talk) -> str | None:
    """The change list's start: the day and time at the venue, its zone named when it is
    not the site's ("Dec. 27, 2014, 11:30 (Europe/Berlin, UTC+01:00)"); None without one."""
    wall = local(talk.start, talk.edition)
    if wall is None:
        return None
    text = f"{date_format(wall, 'DATE_FORMAT')}, {date_format(wall, 'H:i')}"
    if names_its_zone(talk.edition):
        text = f"{text} ({zone_label(talk.edition, wall)})"
    return text
