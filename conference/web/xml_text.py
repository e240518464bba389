"""Text that XML 1.0 can carry: the schedule exports and the Atom feeds write XML, and a
title or abstract pasted from elsewhere may hold a control character that no XML document
may contain, escaped or not (a feed then failed with a server error)."""

import re

# Most C0 controls and the two non-characters: dropped, as XML has no way to write them.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    """`value` without the characters XML 1.0 cannot carry; lists and tuples item by item,
    anything that is not text as it is."""
    if isinstance(value, str):
        return XML_ILLEGAL.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_text(item) for item in value)
    return value
