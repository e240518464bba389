"""Exports of an edition's schedule in the formats other tools read.

schedule.py gathers the published, scheduled talks once (a fixed handful of queries);
frab.py (c3voc schedule.xml), json.py (c3voc schedule.json) and ical.py (RFC 5545)
only format what it gathered.
"""
