"""Reading a dump's records back, value by value, with a clear error for anything amiss.

A dump may come from anywhere: every value an import takes is read here, with its type
checked (a string where a string belongs, an integer that is not a boolean, an instant
with its offset), and every error names the file, the line and the key. The model's own
field validation (lengths, slugs, URLs, choices) follows in the loaders (checked()).
"""

import datetime
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError


class DumpError(Exception):
    """A dump that cannot be built or imported. str(error) is a message for the operator."""


class Record:
    """One JSON object of a dump's file: `kind` names the file, `line` the line (from 1)."""

    def __init__(self, data, *, kind: str, line: int, path: str = ""):
        self.kind, self.line, self.path = kind, line, path
        if not isinstance(data, dict):
            raise self.error(f"expected a JSON object, found {type(data).__name__}")
        self.data = data

    def where(self) -> str:
        return f"{self.kind}.jsonl, line {self.line}" + (f", {self.path}" if self.path else "")

    def error(self, message: str) -> DumpError:
        return DumpError(f"{self.where()}: {message}.")

    def _value(self, key: str, types: tuple[type, ...], null: bool):
        if key not in self.data:
            raise self.error(f"{key!r} is missing")
        value = self.data[key]
        if value is None and null:
            return None
        # A JSON true is a Python int too: an integer field refuses it.
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            names = " or ".join(t.__name__ for t in types) + (" or null" if null else "")
            raise self.error(f"{key!r} must be {names}, not {json_type(value)}")
        return value

    def text(self, key: str, *, null: bool = False) -> str | None:
        return self._value(key, (str,), null)

    def integer(self, key: str, *, null: bool = False) -> int | None:
        return self._value(key, (int,), null)

    def texts(self, key: str) -> list[str]:
        values = self._value(key, (list,), False)
        if not all(isinstance(value, str) for value in values):
            raise self.error(f"{key!r} must be a list of strings")
        return values

    def integers(self, key: str) -> list[int]:
        values = self._value(key, (list,), False)
        if not all(isinstance(value, int) and not isinstance(value, bool) for value in values):
            raise self.error(f"{key!r} must be a list of integers")
        return values

    def moment(self, key: str, *, null: bool = False) -> datetime.datetime | None:
        value = self.text(key, null=null)
        if value is None:
            return None
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise self.error(f"{key!r} is not an ISO 8601 date and time: {value!r}") from None
        if parsed.tzinfo is None:
            raise self.error(f"{key!r} has no UTC offset: {value!r}")
        return parsed

    def date(self, key: str) -> datetime.date:
        value = self.text(key)
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise self.error(f"{key!r} is not an ISO 8601 date: {value!r}") from None

    def file_name(self, key: str, *, null: bool = True) -> str:
        """The storage name of the file `key` references ({"name", "url"}, or null when
        `null`: ""); a name that could leave the storage's folder is refused."""
        value = self.nested(key, null=null)
        if value is None:
            return ""
        name = value.text("name")
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or "\\" in name or ".." in parts:
            raise value.error(f"'name' is not a storage name: {name!r}")
        return name

    def nested(self, key: str, *, null: bool = False) -> "Record | None":
        value = self._value(key, (dict,), null)
        if value is None:
            return None
        return Record(value, kind=self.kind, line=self.line, path=self._path(key))

    def nested_list(self, key: str) -> list["Record"]:
        values = self._value(key, (list,), False)
        return [
            Record(value, kind=self.kind, line=self.line, path=self._path(f"{key}[{index}]"))
            for index, value in enumerate(values)
        ]

    def _path(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key


def json_type(value) -> str:
    """The JSON name of a parsed value's type, for messages."""
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names |= {list: "a list", dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def checked(obj, record: Record, *, exclude: tuple[str, ...] = ()):
    """`obj` after its model's field validation (lengths, slugs, URLs, choices; not its
    relations, which the loaders check against the dump itself), or a DumpError naming
    the record and the field."""
    relations = tuple(field.name for field in obj._meta.concrete_fields if field.is_relation)
    try:
        obj.clean_fields(exclude=(*relations, *exclude))
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise record.error(f"{name}: {' '.join(messages)}") from None
    return obj
