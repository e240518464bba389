"""A talk's slides as content: the PDF deck kept by the archive, its pages' text and images.

models.py holds the rows; fetching.py brings a deck from the talk's slides URL;
extraction.py (with the sandboxed child process of render.py) reads each page's text and
draws its images; services.py is what the admin, the import and the commands call;
tasks.py runs fetches and extractions in the background (Django's tasks framework).
"""
