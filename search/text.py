"""Chinese text for the search index (中文分词): normalisation, segmentation, stop words.

PostgreSQL's parser takes a run of Han characters as one token, so text is segmented here, in
Python, with rjieba (the Rust port of jieba) and stored as space-separated words:

- index time: search-mode segmentation (`cut_for_search`), which adds the dictionary sub-words
  of long words (中华人民共和国 → 中华, 人民, 共和国 …);
- query time: normal segmentation (`cut`); `query_groups` pairs each word with its sub-words,
  so that a long query word still matches text where it was segmented differently.

Every token is NFKC-normalised and lower-cased (全角 → 半角, ＡＢＣ → abc); stop words and
tokens without a letter or digit (punctuation, spaces) are dropped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import rjieba

from .stopwords import STOP_WORDS

# Upper bound of text segmented per field: the longest reports stay fully searchable while a
# pathological item cannot produce a tsvector over PostgreSQL's 1 MB limit.
MAX_INDEXED_CHARS = 200_000


def normalise(text: str) -> str:
    """NFKC and lower case: the form every indexed and queried token takes."""
    return unicodedata.normalize("NFKC", text or "").lower()


@lru_cache(maxsize=200_000)
def _is_word(token: str) -> bool:
    """A token with a letter or a digit that is not a stop word (cached: words repeat)."""
    return token not in STOP_WORDS and any(char.isalnum() for char in token)


def _words(tokens: Iterable[str]) -> list[str]:
    return [token for token in tokens if _is_word(token)]


def index_tokens(text: str) -> list[str]:
    """Search-mode words of `text` for the index, stop words dropped (with repetitions, in
    order: positions matter to ranking)."""
    return _words(rjieba.cut_for_search(normalise(text[:MAX_INDEXED_CHARS])))


def index_text(text: str) -> str:
    """`index_tokens` joined by spaces: what `to_tsvector('simple', …)` receives."""
    return " ".join(index_tokens(text))


def query_terms(text: str) -> list[str]:
    """The words of a query (normal segmentation), stop words dropped, without repetitions."""
    seen: dict[str, None] = {}
    for token in _words(rjieba.cut(normalise(text))):
        seen.setdefault(token)
    return list(seen)


def query_groups(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each query word with the sub-words search-mode segmentation gives it (empty for short
    words). A word matches when the text has it, or has all of its sub-words."""
    groups = []
    for term in query_terms(text):
        subwords = tuple(w for w in dict.fromkeys(_words(rjieba.cut_for_search(term))) if w != term)
        groups.append((term, subwords))
    return groups
