"""Reading a data file and checking its shape, with messages that point at the bad entry."""
import os
import re

import yaml

from models.base import LANGUAGES

# Line breaks and runs of spaces fold into one space; a no-break space (French puts one before
# ":" and inside « ») is kept.
_FOLDED = re.compile(r"[ \t\r\n]+")


class DataFileError(Exception):
    """A data file that cannot be loaded; the message says where and why."""


class Reader:
    """Reads one YAML file and checks values at a path such as `commitments[3].title`."""

    def __init__(self, data_dir, name):
        self.name = name
        path = os.path.join(data_dir, name)
        try:
            with open(path, encoding="utf-8") as handle:
                self.content = yaml.safe_load(handle)
        except FileNotFoundError:
            raise DataFileError(f"{name}: file not found in {data_dir}") from None
        except yaml.YAMLError as exc:
            raise DataFileError(f"{name}: not valid YAML: {exc}") from None
        if not isinstance(self.content, dict):
            raise DataFileError(f"{name}: expected a mapping at the top level")

    def fail(self, where, message):
        raise DataFileError(f"{self.name}: {where}: {message}")

    def items(self, mapping, key, where):
        value = mapping.get(key)
        if not isinstance(value, list) or not value:
            self.fail(f"{where}.{key}" if where else key, "expected a non-empty list")
        return [(f"{where}.{key}[{i}]" if where else f"{key}[{i}]", item)
                for i, item in enumerate(value)]

    def text(self, mapping, key, where, *, max_length=None):
        value = mapping.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{where}.{key}", "expected a non-empty text")
        value = _FOLDED.sub(" ", value).strip()
        if max_length and len(value) > max_length:
            self.fail(f"{where}.{key}", f"longer than {max_length} characters")
        return value

    def translated(self, mapping, key, where, *, max_length=None):
        """A mapping with a text in every language of LANGUAGES (`{en: ..., fr: ..., zh: ...}`):
        returns {"<key>_en": ..., "<key>_fr": ...}. A missing or empty one is an error."""
        return self.in_every_language(mapping.get(key), f"{where}.{key}", key, max_length=max_length)

    def in_every_language(self, value, where, key="text", *, max_length=None):
        """`translated` for a value that is itself the mapping (an item of a list)."""
        if not isinstance(value, dict):
            self.fail(where, "expected a mapping with a text in each of " + ", ".join(LANGUAGES))
        unknown = sorted(set(value) - set(LANGUAGES))
        if unknown:
            self.fail(where, f"{', '.join(map(str, unknown))} is not one of the "
                      f"portal's languages ({', '.join(LANGUAGES)})")
        return {f"{key}_{lang}": self.text(value, lang, where, max_length=max_length)
                for lang in LANGUAGES}

    def choice(self, mapping, key, where, allowed):
        value = mapping.get(key)
        if value not in allowed:
            self.fail(f"{where}.{key}", f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value

    def optional(self, mapping, key, where, kind):
        value = mapping.get(key)
        if value is not None and not isinstance(value, kind):
            self.fail(f"{where}.{key}", f"expected {kind.__name__}, got {value!r}")
        return value
