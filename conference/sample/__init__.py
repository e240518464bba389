"""The sample archive `manage.py demo` loads: three real talks and generated data around them.

specs.py describes rows; seed.py, tables.py and vocabulary.py hold the data; generate.py
draws the generated part from a fixed seed; images.py paints the gallery pictures;
galleries.py and loader.py write it all to the database.
"""

from conference.sample.loader import ArchiveCounts, load_sample_archive

__all__ = ["ArchiveCounts", "load_sample_archive"]
