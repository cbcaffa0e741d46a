"""When no practice has every word of a query: the best partial matches.

A query of several words requires all of them, so one word that occurs nowhere (a typo, a
word no practice uses) hides every practice that has the others. When that happens, the
searcher asks this module for the practices that have *some* of the words, ranked by how
many they have (then by score or date), and names the words found nowhere.

A "word" is what the person typed as one unit: a word or a phrase in quotes searched in
every field, a group joined by OR, or one word of a Chinese run (jieba cuts "终身学习火星"
into 终身 / 学习 / 火星; the parser asks for all of them in one field, we take each on its
own, in any field). NOT clauses stay what they are: conditions every partial match meets.
This runs only when the query found nothing, so ordinary searches pay nothing for it.
"""
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from search_index import matching


@dataclass
class Partial:
    mask: np.ndarray       # documents that have at least one of the words
    scores: np.ndarray     # the sum of the scores of the words they have
    counts: np.ndarray     # how many of the words each document has
    missing: list          # the words no allowed document has (as query nodes)


def word_groups(node):
    """(the query's words as query nodes, its NOT clauses), or None when the query is not
    a conjunction of several words (nothing to relax)."""
    children = node.subqueries if type(node) is wq.And else [node]
    words, conditions = [], []
    for child in children:
        if isinstance(child, wq.Not):
            conditions.append(child)
        else:
            words.extend(_split_compound(child))
    return (words, conditions) if len(words) > 1 else None


def _split_compound(node):
    """The parser's Or over fields of one And of Chinese words (the same words in each
    field) becomes one Or over fields per word."""
    if type(node) is not wq.Or or not node.subqueries:
        return [node]
    ands = node.subqueries
    if not all(type(a) is wq.And and all(isinstance(t, wq.Term) for t in a.subqueries) for a in ands):
        return [node]
    texts = [[t.text for t in a.subqueries] for a in ands]
    if any(t != texts[0] for t in texts):
        return [node]
    return [wq.Or([a.subqueries[i] for a in ands]) for i in range(len(texts[0]))]


def partial_matches(view, query, allowed):
    """A Partial for a query that matched nothing, or None when there is nothing to show
    (one word only, a query shape we do not relax, or no word found at all)."""
    groups = word_groups(query)
    if groups is None:
        return None
    words, conditions = groups
    try:
        evaluated = [matching.evaluate(view, word) for word in words]
        excluded = [matching.evaluate(view, condition)[0] for condition in conditions]
    except matching.Unsupported:
        return None
    for condition_mask in excluded:
        allowed = allowed & condition_mask
    counts = np.zeros(view.size, dtype=np.int16)
    scores = np.zeros(view.size, dtype=np.float32)
    missing = []
    for word, (mask, word_scores) in zip(words, evaluated, strict=True):
        mask &= allowed
        if not mask.any():
            missing.append(word)
            continue
        counts += mask
        scores += word_scores * mask
    if len(missing) == len(words):
        return None
    return Partial(mask=counts > 0, scores=scores, counts=counts, missing=missing)


def term_texts(node):
    """The indexed texts of a word's terms, in order, once each."""
    seen = []
    for _field, text in node.iter_all_terms():
        text = text.decode() if isinstance(text, bytes) else text
        if text not in seen:
            seen.append(text)
    return seen
