"""What every model shares: the declarative base, the `db` object and the clock.

The models own `db` (the web package binds it to the app in `create_app`), so importing a
model never imports `portal`."""
import datetime as dt

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Enum, MetaData
from sqlalchemy.orm import DeclarativeBase, mapped_column

# Stable constraint names, so migrations can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# The six official languages of the United Nations, English (the default) first. Every
# translated reference text exists in each; a person or a text may use any of them.
LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def utcnow():
    """Now, as an aware UTC datetime (what every timestamp column stores)."""
    return dt.datetime.now(dt.timezone.utc)


class Translated:
    """Rows whose texts are stored once per language, as `<field>_en` ... `<field>_zh`.

    A model names its translated texts and their column type once, in `translated_texts`
    (`{"title": String(200)}`); a column is declared for every language of LANGUAGES, so
    adding a language adds its columns everywhere (and a migration)."""
    translated_texts: dict = {}

    def __init_subclass__(cls, **kwargs):
        for field, column_type in cls.__dict__.get("translated_texts", {}).items():
            for language in LANGUAGES:
                setattr(cls, f"{field}_{language}",
                        mapped_column(column_type, nullable=False, default="", server_default=""))
        super().__init_subclass__(**kwargs)

    def localized(self, field, language):
        """The text of `field` in `language`, falling back to English when it is empty."""
        text = getattr(self, f"{field}_{language}", None) if language in LANGUAGES else None
        return text or getattr(self, f"{field}_en")


def str_enum(enum_class):
    """An Enum column stored as a string with a CHECK constraint: adding a value later needs
    no ALTER TYPE on PostgreSQL."""
    return Enum(enum_class, native_enum=False, length=32, validate_strings=True,
                name=enum_class.__name__.lower(), create_constraint=True)
