"""Reading a data file and checking its shape, with messages that point at the bad entry."""
import os

import yaml

from models.base import LANGUAGES


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
        value = " ".join(value.split())
        if max_length and len(value) > max_length:
            self.fail(f"{where}.{key}", f"longer than {max_length} characters")
        return value

    def bilingual(self, mapping, key, where, *, max_length=None):
        """A `{en: ..., zh: ...}` mapping: returns {"<key>_en": ..., "<key>_zh": ...}."""
        value = mapping.get(key)
        if not isinstance(value, dict):
            self.fail(f"{where}.{key}", "expected a mapping with 'en' and 'zh'")
        return {f"{key}_{lang}": self.text(value, lang, f"{where}.{key}", max_length=max_length)
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
