"""English indexing in one pass, for rebuilds: the same terms, positions, weights and
spelling words as Whoosh's StemmingAnalyzer with its defaults (the analyzer of the English
fields), without its chain of generators and token objects, which costs about a third of a
rebuild. tests/test_search_building.py checks that both give the same postings.

Whoosh's pipeline: a regular expression finds the words, numbered in order; each is
lower-cased; words shorter than two letters or in the stop list are dropped (and the words
after them renumbered); the rest are stemmed (Porter)."""
import copy
import functools

from whoosh.analysis.filters import STOP_WORDS
from whoosh.analysis.tokenizers import default_pattern
from whoosh.lang.porter import stem
from whoosh.util.text import rcompile

_WORD = rcompile(default_pattern)
_MIN_SIZE = 2

stem_cached = functools.lru_cache(maxsize=100_000)(stem)


def words(value):
    """[(position, lower-cased word)] of the words the analyzer keeps, before stemming. As in
    Whoosh's stop filter, the first kept word keeps its number and the others follow it
    without gaps (removed words do not leave holes)."""
    lowered = (match.group().lower() for match in _WORD.finditer(value))
    kept = [(position, word) for position, word in enumerate(lowered)
            if len(word) >= _MIN_SIZE and word not in STOP_WORDS]
    if not kept:
        return kept
    first = kept[0][0]
    return [(first + n, word) for n, (_, word) in enumerate(kept)]


def index_items(found, position_format):
    """What `field.index(value)` yields for a TEXT field with positions, from `words(value)`:
    (term bytes, frequency, weight, encoded positions) per distinct stemmed word, in
    first-seen order."""
    positions = {}
    for position, word in found:
        positions.setdefault(stem_cached(word), []).append(position)
    boost, encode = position_format.field_boost, position_format.encode
    return [(term.encode("utf-8"), len(p), len(p) * boost, encode(p)) for term, p in positions.items()]


def faster_field(field, spelled=None):
    """A copy of an English TEXT field whose `index` (and `spellable_words`, which, given a
    set `spelled`, hands out each word once) take the one-pass route for plain text."""
    field = copy.copy(field)
    whoosh_index = field.index
    last = {}

    def index(value, **kwargs):
        if kwargs or not isinstance(value, str):
            return whoosh_index(value, **kwargs)
        found = words(value)
        last["value"], last["words"] = value, found
        return index_items(found, field.format)

    def spellable_words(value):
        if last.get("value") is value:
            unique = {word for _, word in last["words"]}
        elif isinstance(value, str):
            unique = {word for _, word in words(value)}
        else:
            unique = set(value)
        if spelled is None:
            return iter(sorted(unique))
        new = sorted(unique - spelled)
        spelled.update(new)
        return iter(new)

    field.index = index
    field.spellable_words = spellable_words
    return field
