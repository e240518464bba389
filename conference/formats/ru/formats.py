"""Russian date formats: Django's (django/conf/locale/ru/formats.py) with a no-break
space before "г.", so that "3 февраля 2016 г." never breaks into "3 февраля 2016" and a
line starting with "г.". Django reads a format from here first and every other one from
its own Russian module (django.utils.formats.get_format); the translated date formats of
conference/templatetags/archive_dates.py write the same no-break space in their msgstr.
"""

DATE_FORMAT = "j E Y\N{NO-BREAK SPACE}г."
DATETIME_FORMAT = "j E Y\N{NO-BREAK SPACE}г. G:i"
YEAR_MONTH_FORMAT = "F Y\N{NO-BREAK SPACE}г."
