"""The archive's vocabulary: every word of the public talks, for search's typo correction
(talks/typos.py).

Both tables are kept by PostgreSQL alone, never by Django (talks/sql/
archive_refresh_talk_words.sql, called by statement triggers on talks_talk and
conference_edition, talks migration 0023): a talk's words change with its text, its
speakers', companies' and projects' names (which reach the talk through its search
document's refresh), with its slides' text (which reaches it the same way) and with its
and its edition's publication. A draft's words, its slides' included, are in TalkWords
but never counted in SearchWord, so neither a correction nor its absence tells that a
draft holds a word (issue 17).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models


class SearchWord(models.Model):
    """A word (lower case, unaccented, either script) of at least one public talk, or the
    whole name of a company or project of several words ("postgres professional"), with
    its Latin spelling and the number of public talks that hold it (its document
    frequency, which ranks corrections)."""

    word = models.TextField(primary_key=True)
    # archive_translit(word): how a query word in the other script is compared with it.
    latin = models.TextField()
    talks = models.IntegerField()

    class Meta:
        verbose_name = "search word"
        indexes = [
            # Candidates for a misspelt word: trigram similarity, as pg_trgm's
            # documentation finds words for a spelling checker.
            GinIndex(fields=("latin",), name="searchword_latin_trgm", opclasses=("gin_trgm_ops",)),
        ]

    def __str__(self):
        return self.word


class TalkWords(models.Model):
    """What a talk last gave the vocabulary: its words, and whether they were counted (the
    talk was public). The next change of the talk takes them back before counting its new
    words. No foreign key: the row goes with its talk in the same trigger, in any order."""

    talk_id = models.BigIntegerField(primary_key=True)
    words = ArrayField(models.TextField(), default=list)
    is_public = models.BooleanField(default=False)

    class Meta:
        verbose_name = "talk's words"

    def __str__(self):
        return f"talk {self.talk_id}: {len(self.words)} words"
