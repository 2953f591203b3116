"""The initiative entries of the search index held in memory, matched and ranked in Python.

The Board answers a text query together with its facet counts in a few milliseconds, which a
database round trip per query cannot do when a one- or two-character word (防災, 水) makes
SQLite or PostgreSQL scan the whole table. So it loads the index's own rows for initiatives
(``norm_title`` and ``body``, already in matching form, in ``sort_key`` order) once per data
generation and applies the rules of ``queries`` to them:

- the query is taken apart by ``queries.parse_query``; every word must occur in the title or
  the text (a substring, as the trigram index and the short-word scan match it);
- ranking: all words in the title first, then the rest; inside each, an earlier match of the
  first word in the title, else in the text (after every title match), then a shorter title,
  then the entry's sort key. Code tiers never apply, as for every initiative entry.

The texts are kept as one string (``title \\n body`` per entry, entries separated by a line
break, which no word of a query holds), searched with ``str.find``: a word is found in C, and
Python only steps from one matching entry to the next.

``tests/board`` holds this module to the same ids in the same order as
``queries.initiative_ids``, the database form of the same query.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from localsdg.search.models import Kind, SearchEntry
from localsdg.search.queries import Query, published_owners

# After this many matches of one word, a word found in most entries is looked for entry by
# entry instead (stepping from match to match costs more when nearly every entry matches).
DENSE_AFTER = 1000
ENTRY_BITS = (1 << 32) - 1  # the entry's number in a packed ranking key


@dataclass(frozen=True)
class Entries:
    """One language's initiative entries, in sort-key order."""

    ids: tuple[int, ...]  # the initiative of each entry
    text: str  # every entry's title, a line break and its body; a line break between entries
    starts: tuple[int, ...]  # where each entry begins in ``text``, and the end of the last + 1
    title_ends: tuple[int, ...]  # where each entry's title ends

    def holding(self, word: str) -> tuple[list[int], list[int]]:
        """The entries whose title or body holds ``word``, in order, and where in ``text`` it
        first occurs in each (the title comes first, so a title match is the one found)."""
        text, starts, count = self.text, self.starts, len(self.ids)
        found: list[int] = []
        places: list[int] = []
        at = text.find(word)
        while at >= 0:
            entry = bisect_right(starts, at) - 1
            found.append(entry)
            places.append(at)
            if len(found) == DENSE_AFTER and entry < count // 8:
                for i in range(entry + 1, count):
                    at = text.find(word, starts[i], starts[i + 1])
                    if at >= 0:
                        found.append(i)
                        places.append(at)
                return found, places
            at = text.find(word, starts[entry + 1])
        return found, places

    def ranked(self, query: Query) -> list[int]:
        """Initiative ids of the entries holding every word, best first."""
        words = query.text_words
        if not words:
            return []
        find, starts, ends = self.text.find, self.starts, self.title_ends
        first, others = words[0], words[1:]
        found, places = self.holding(first)
        # The key (tier, place, title length, entry) packed into one int, 32 bits a part:
        # thousands of ints sort several times faster than as many tuples.
        keys = []
        for i, at in zip(found, places, strict=True):
            start, end = starts[i], ends[i]
            if others and any(find(word, start, starts[i + 1]) < 0 for word in others):
                continue
            if at < end:
                in_title = not others or all(find(word, start, end) >= 0 for word in others)
                key = (2 if in_title else 3) << 32 | at - start + 1
            else:  # found in the body only: after every match in a title
                key = 3 << 32 | at - end + 10_000
            keys.append(((key << 32 | end - start) << 32) | i)
        keys.sort()
        ids, entry = self.ids, ENTRY_BITS
        return [ids[key & entry] for key in keys]


def load_entries(lang: str) -> Entries:
    """The initiative entries of ``lang`` of published organisations, in sort-key order."""
    rows = (
        SearchEntry.objects.filter(
            published_owners(None), kind=Kind.INITIATIVE, language=lang, initiative__isnull=False
        )
        .order_by("sort_key", "pk")
        .values_list("initiative_id", "norm_title", "body")
    )
    ids: list[int] = []
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for pk, title, body in rows:
        ids.append(pk)
        starts.append(at)
        ends.append(at + len(title))
        parts.append(f"{title}\n{body}")
        at += len(title) + len(body) + 2
    starts.append(at)
    return Entries(tuple(ids), "\n".join(parts), tuple(starts), tuple(ends))
