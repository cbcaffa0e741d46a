"""Where learning cities are: UNESCO's regions, its Member States, and the cities."""
import datetime as dt

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, Float, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Translated, db


class Region(Translated, db.Model):
    """One of UNESCO's five regional groups."""
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    translated_texts = {"name": String(100)}

    member_states: Mapped[list["MemberState"]] = relationship(back_populates="region")


class MemberState(Translated, db.Model):
    """A UNESCO Member State, identified by its ISO 3166-1 alpha-2 code."""
    __tablename__ = "member_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    iso: Mapped[str] = mapped_column(String(2), unique=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    translated_texts = {"name": String(120)}

    region: Mapped[Region] = relationship(back_populates="member_states")
    cities: Mapped[list["City"]] = relationship(back_populates="member_state")


class City(Translated, db.Model):
    """A city known to the network; a member once `member_since` is set."""
    __tablename__ = "cities"
    __table_args__ = (
        CheckConstraint("population IS NULL OR population >= 0", name="population_positive"),
        CheckConstraint("area_km2 IS NULL OR area_km2 > 0", name="area_positive"),
        CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name="latitude_range"),
        CheckConstraint("longitude IS NULL OR longitude BETWEEN -180 AND 180",
                        name="longitude_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    member_state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    population: Mapped[int | None] = mapped_column(BigInteger)
    area_km2: Mapped[float | None] = mapped_column(Numeric(12, 2))
    website: Mapped[str | None] = mapped_column(String(300))
    # Where to put the city on the map of members (decimal degrees).
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    member_since: Mapped[dt.date | None] = mapped_column(Date, index=True)
    translated_texts = {"name": String(160), "description": Text}
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    member_state: Mapped[MemberState] = relationship(back_populates="cities")

    @property
    def is_member(self):
        return self.member_since is not None
