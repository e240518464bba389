"""The public data dump: the whole public archive as one versioned file of JSON Lines and
frab XML (docs/dump.md is its schema), and `import_dump`, which restores one into an
empty installation.

- kinds.py: the kinds of rows a dump holds (editions, companies, projects, topics,
  speakers, talks, galleries, photos), one entry each;
- snapshot.py: what a dump reads, through the readers every page uses; records.py: the
  records built from it;
- archive.py: the file (a gzipped tar with a manifest), written and read back with limits;
- build.py: building a dump and publishing it in public media; tasks.py: rebuilding it in
  the background when the archive changes, coalesced; models.py: the state of the
  published dump;
- fields.py, loading.py, load_talks.py, load_topics.py, load_photos.py and restore.py:
  an import.
"""
