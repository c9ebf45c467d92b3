"""The near-duplicate search of similar.py with its candidates and bounds computed in bulk (NumPy).

:func:`similar.near_duplicate_pairs` settles one prompt after another, and each candidate costs a
few microseconds of Python set work; on a course where almost no prompt has a partner that is
~0.5 ms a prompt. The candidates of that search do not depend on which prompts matched (the
sketches, buckets and prefix postings only grow with each prompt), so here they are listed for
all prompts at once and bounded in bulk:

1. pass one: each prompt's sketch candidates (the latest SKETCH_RECENT prompts of each of its
   keys' buckets) are bounded, and the few that pass are compared with ``SequenceMatcher`` in
   course order; the earliest that reaches the threshold is the partner;
2. pass two: for the prompts still without a partner, every earlier prompt that can reach the
   threshold (the prefix filter, or bit-parallel counts when the prefix postings are crowded),
   except the sketch candidates already compared, is bounded in rounds, earliest candidates
   first, so that a prompt with a partner stops early; the earliest that reaches the threshold
   is the partner.

The bounds, cheapest first: lengths; a 512-bit signature of each prompt's character pairs (an
upper bound on the pairs two prompts share); the exact count of shared numbered character
pairs; the exact count of shared numbered characters. They are the bounds of
``similar._best_earlier``, so the pairs found and the partners named are the same as that
search's; tests/unit/test_quiz_quality.py compares both with brute force.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Hashable
from difflib import SequenceMatcher

import numpy as np
import numpy.typing as npt

from .similar import (
    PREFIX_CANDIDATES,
    PREFIX_SHARE,
    SKETCH_COMMON,
    SKETCH_RECENT,
    SKETCH_SIZE,
    Pair,
    Prompt,
    _least_shared,
    _TokenBits,
)

JOIN_FACTOR = 4  # in bulk, prefix postings are joined up to 4x the prompt-by-prompt crowding limit
ROWS_PER_BLOCK = 64  # prompts whose tokens are marked at once when counting shared tokens
PAIRS_PER_BLOCK = 1 << 18  # candidate pairs bounded at once
SIGNATURE_BITS = 512  # bits of a prompt's signature (one 64-byte cache line)
WINDOW = 4096  # crowded prompts are counted among the first 4,096 prompts first
FIRST_ROUND = 16  # candidates per prompt in the first round of pass two; each round doubles it

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


class _Tokens:
    """Each prompt's numbered tokens (characters, ``span`` 1, or character pairs, ``span`` 2;
    the second occurrence of a token in a prompt is another token) as integer ids, numbered
    rarest first: one flat array in text order with a start and a size per prompt."""

    def __init__(self, texts: list[str], span: int) -> None:
        lengths = np.array([len(text) for text in texts], dtype=np.int64)
        joined = "".join(texts).encode("utf-32-le", "surrogatepass")
        points = np.frombuffer(joined, dtype=np.uint32).astype(np.int64)
        self.size = np.maximum(lengths - span + 1, 0)
        self.start = np.cumsum(self.size) - self.size
        at = _ranges(np.cumsum(lengths) - lengths, self.size)
        codes = points[at] << 21 | points[at + 1] if span == 2 else points[at]
        rows = self.row_of()
        order = np.argsort(rows << 42 | codes, kind="stable")
        ordered = (rows << 42 | codes)[order]
        runs = np.flatnonzero(np.diff(ordered, prepend=-1))
        occurrence = np.arange(len(order)) - np.repeat(runs, np.diff(np.append(runs, len(order))))
        tokens = np.empty_like(codes)
        tokens[order] = codes[order] << 9 | occurrence  # a prompt has at most 300 characters
        values = _unique_sorted(tokens)
        ids = np.searchsorted(values, tokens)
        frequency = np.bincount(ids, minlength=len(values))
        by_rank = np.argsort(frequency, kind="stable")
        rank = np.empty_like(by_rank)
        rank[by_rank] = np.arange(len(by_rank))
        self.span = span
        self.values = values[by_rank]  # token (code << 9 | occurrence - 1) by rank
        self.frequency = frequency[by_rank]  # by rank
        self.flat = rank[ids]
        self.width = len(values) + 1
        self._mark = np.zeros(ROWS_PER_BLOCK * self.width, dtype=bool)  # rows x tokens, flat

    def name(self, rank: int) -> str:
        """A token as similar._Sketches hashes it: its text and occurrence number."""
        value = int(self.values[rank])
        code, occurrence = value >> 9, (value & 511) + 1
        text = chr(code >> 21) + chr(code & 0x1FFFFF) if self.span == 2 else chr(code)
        return f"{text}{occurrence}"

    def row_of(self) -> Ints:
        """The prompt of each entry of ``flat``."""
        return np.repeat(np.arange(len(self.size)), self.size)

    def shared(self, later: Ints, earlier: Ints) -> Ints:
        """The tokens each pair of prompts shares (pairs sorted by ``later``)."""
        out = np.empty(len(later), dtype=np.int64)
        if not len(later):
            return out
        heads = np.append(np.flatnonzero(np.diff(later, prepend=-1)), len(later))
        group = 0
        while group < len(heads) - 1:
            last = min(group + ROWS_PER_BLOCK, len(heads) - 1)
            begin, end = int(heads[group]), int(heads[last])
            rows = later[heads[group:last]]
            marks = (np.repeat(np.arange(len(rows)) * self.width, self.size[rows])
                     + self.flat[_ranges(self.start[rows], self.size[rows])])
            self._mark[marks] = True
            sizes = self.size[earlier[begin:end]]
            owner = np.repeat(np.arange(len(rows)) * self.width, np.diff(heads[group : last + 1]))
            cells = np.repeat(owner, sizes) + self.flat[_ranges(self.start[earlier[begin:end]], sizes)]
            out[begin:end] = np.add.reduceat(self._mark[cells].view(np.uint8), np.cumsum(sizes) - sizes,
                                             dtype=np.int64)
            self._mark[marks] = False
            group = last
        return out


class _Table:
    """What the bounds need: the prompts' numbered character pairs and characters, lengths,
    signatures, and the least shared pairs for each two lengths."""

    def __init__(self, prompts: list[Prompt], threshold: float) -> None:
        texts = [prompt.text for prompt in prompts]
        self.threshold = threshold
        self.pairs = _Tokens(texts, 2)
        self.chars: _Tokens | None = None  # made when first needed
        self.texts = texts
        self.length = np.array([len(text) for text in texts], dtype=np.int64)
        self.least = _least_table(sorted(set(self.length.tolist())), threshold)
        # a signature per prompt: its pairs hashed to SIGNATURE_BITS bits. The pairs two prompts
        # share land on bits both signatures set, so they share at most the common bits plus the
        # pairs lost in collisions within one signature (``lost``)
        cells = np.zeros((len(texts), SIGNATURE_BITS), dtype=bool)
        bits = (self.pairs.flat * 0x9E3779B1 & 0xFFFFFFFF) >> (33 - SIGNATURE_BITS.bit_length())
        cells[self.pairs.row_of(), bits] = True
        self.lost = self.pairs.size - cells.sum(axis=1)
        self.signature = np.packbits(cells, axis=1, bitorder="little").view(np.uint64)

    def bounded(self, later: Ints, earlier: Ints) -> Bools:
        """Which pairs (sorted by ``later``) pass the bounds: lengths, signatures, shared
        character pairs, shared characters."""
        least = self.least[self.length[later], self.length[earlier]]
        keep = least <= self.pairs.size[earlier]  # lengths that cannot reach the ratio need more
        where = np.flatnonzero(keep)
        for start in range(0, len(where), PAIRS_PER_BLOCK):
            part = where[start : start + PAIRS_PER_BLOCK]
            both = self.signature[later[part]] & self.signature[earlier[part]]
            bound = np.bitwise_count(both).sum(axis=1, dtype=np.int64) + self.lost[later[part]]
            keep[part] = bound >= least[part]
        where = np.flatnonzero(keep)
        keep[where] = self.pairs.shared(later[where], earlier[where]) >= least[where]
        where = np.flatnonzero(keep)
        if len(where):
            if self.chars is None:
                self.chars = _Tokens(self.texts, 1)
            common = self.chars.shared(later[where], earlier[where])
            total = self.length[later[where]] + self.length[earlier[where]]
            keep[where] = 2 * common >= self.threshold * total - 1e-9
        return keep


def _ranges(starts: Ints, sizes: Ints) -> Ints:
    """The concatenated ranges start, start + 1, ..., start + size - 1."""
    ends = np.cumsum(sizes)
    return np.repeat(starts - (ends - sizes), sizes) + np.arange(int(ends[-1]) if len(ends) else 0)


def _least_table(lengths: list[int], threshold: float) -> Ints:
    """least[a, b]: the fewest numbered pairs prompts of lengths a and b share when their ratio
    reaches the threshold; lengths that cannot reach it need more pairs than any prompt has."""
    rows = {size: _least_shared(size, threshold) for size in lengths}
    width = max(len(row) for row in rows.values())
    table = np.full((max(lengths) + 1, width), np.iinfo(np.int64).max // 2, dtype=np.int64)
    for size, row in rows.items():
        shortest = math.ceil(size * threshold / (2 - threshold) - 1e-9)
        table[size, shortest : len(row)] = row[shortest:]
    return table


def _unique_sorted(keys: Ints) -> Ints:
    keys = np.sort(keys)
    return keys[np.diff(keys, prepend=-1) != 0]


def bulk_pairs(prompts: list[Prompt], threshold: float, overlaps: dict[int, int]) -> list[Pair]:
    """The pairs of :func:`similar.near_duplicate_pairs` (thresholds where character pairs
    count, so that the prefix filter and sketches work on them)."""
    count = len(prompts)
    if not count:
        return []
    table = _Table(prompts, threshold)
    first: dict[str, int] = {}
    found: dict[int, tuple[int, float]] = {}
    for number, prompt in enumerate(prompts):
        if first.setdefault(prompt.text, number) != number:
            found[number] = (first[prompt.text], 1.0)
    distinct = np.zeros(count, dtype=bool)
    distinct[list(first.values())] = True

    near = _sketch_pairs(table.pairs, distinct, count)
    found.update(_earliest(table, prompts, near // count, near % count))

    open_rows = distinct.copy()
    open_rows[list(found)] = False
    crowded = JOIN_FACTOR * (PREFIX_CANDIDATES + count // PREFIX_SHARE)
    keys, crowded_rows = _prefix_pairs(table, overlaps, distinct, open_rows, crowded)
    _settle(table, prompts, _without(keys, near), found)
    if len(crowded_rows):  # counted bit-parallel: first among the earliest prompts only
        bits = _WindowBits(table.pairs, table.length)
        rows = table.pairs.flat.tolist()
        starts, sizes = table.pairs.start.tolist(), table.pairs.size.tolist()
        for low, high in ((0, WINDOW), (WINDOW, count)):
            counted = [np.empty(0, dtype=np.int64)]
            bits.window = high
            for number in crowded_rows.tolist():
                if number in found or number <= low:
                    continue
                least = table.least[len(prompts[number].text)].tolist()
                below = min(number, high)
                mask = bits.mask(rows[starts[number] : starts[number] + sizes[number]], least, below)
                numbers = _bit_numbers(mask >> low << low, below)
                counted.append(numbers + number * count)
            _settle(table, prompts, _without(np.concatenate(counted), near), found)
    return [(prompts[number], prompts[found[number][0]], found[number][1]) for number in sorted(found)]


def _without(keys: Ints, sorted_keys: Ints) -> Ints:
    """``keys`` (sorted) without those in ``sorted_keys``."""
    if not len(sorted_keys):
        return keys
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return keys[sorted_keys[at] != keys]


def _settle(table: _Table, prompts: list[Prompt], keys: Ints, found: dict[int, tuple[int, float]]
            ) -> None:
    """Add to ``found`` the earliest partner of each later prompt among the pairs ``keys``
    (later * count + earlier, sorted), in rounds: each prompt's earliest candidates first, so
    that a prompt with a partner stops early."""
    count = len(prompts)
    later, earlier = keys // count, keys % count
    heads = np.flatnonzero(np.diff(later, prepend=-1))
    place = np.arange(len(later)) - np.repeat(heads, np.diff(np.append(heads, len(later))))
    done = np.zeros(count, dtype=bool)
    done[list(found)] = True
    low, high = 0, FIRST_ROUND
    while len(later):
        this = (place >= low) & (place < high) & ~done[later]
        matched = _earliest(table, prompts, later[this], earlier[this])
        found.update(matched)
        done[list(matched)] = True
        rest = (place >= high) & ~done[later]
        later, earlier, place = later[rest], earlier[rest], place[rest]
        low, high = high, high * 4


class _WindowBits(_TokenBits):
    """similar._TokenBits over the character pairs of a _Tokens, with each token's prompts made
    by NumPy and cut to the first ``window`` prompts (cheaper counts for the earliest ones)."""

    def __init__(self, pairs: _Tokens, length: Ints) -> None:
        super().__init__(length.tolist(), lambda: ())
        order = np.argsort(pairs.flat, kind="stable")
        self.holder = pairs.row_of()[order]  # by token, then prompt
        self.token_start = np.searchsorted(pairs.flat[order], np.arange(pairs.width + 1))
        self.window = len(length)

    def _bits(self, token: Hashable) -> int:
        key = (token, self.window)
        if key not in self.bits:
            assert isinstance(token, int)
            holders = self.holder[self.token_start[token] : self.token_start[token + 1]]
            cells = np.zeros(self.window + 1, dtype=bool)
            cells[holders[holders < self.window]] = True
            self.bits[key] = int.from_bytes(np.packbits(cells, bitorder="little").tobytes(), "little")
        return self.bits[key]


def _sketch_pairs(pairs: _Tokens, distinct: Bools, count: int) -> Ints:
    """later * count + earlier for every prompt and each of its sketch candidates, sorted: the
    latest SKETCH_RECENT distinct earlier prompts in the bucket of each of its sketch keys (the
    neighbours among its SKETCH_SIZE least hashes, see similar._Sketches)."""
    common = max(SKETCH_COMMON * count, 10)
    hashes = np.array([zlib.crc32(pairs.name(rank).encode()) if n <= common else -1
                       for rank, n in enumerate(pairs.frequency.tolist())], dtype=np.int64)
    rows = pairs.row_of()
    values = hashes[pairs.flat]
    keep = (values >= 0) & distinct[rows]
    order = np.sort((rows[keep] << 32) | values[keep])  # by row, then hash
    rows, values = order >> 32, order & 0xFFFFFFFF
    starts = np.flatnonzero(np.diff(rows, prepend=-1))
    place = np.arange(len(rows)) - np.repeat(starts, np.diff(np.append(starts, len(rows))))
    least = place < SKETCH_SIZE
    rows, values = rows[least], values[least]
    following = (rows[1:] == rows[:-1])  # a key: two neighbours in a row's least hashes
    key_rows = rows[1:][following]
    keys = (values[:-1][following].astype(np.uint64) << np.uint64(32)
            | values[1:][following].astype(np.uint64))
    order = np.lexsort((key_rows, keys))
    keys, key_rows = keys[order], key_rows[order]
    index = np.arange(len(keys))
    bucket = np.flatnonzero(np.diff(keys.astype(np.int64), prepend=-1) != 0)  # first entry of a key
    bucket_start = np.repeat(bucket, np.diff(np.append(bucket, len(keys))))
    # a prompt's entry that repeats (the same key twice) looks from its first entry
    same = np.concatenate(([False], (keys[1:] == keys[:-1]) & (key_rows[1:] == key_rows[:-1])))
    first = np.maximum.accumulate(np.where(same, 0, index))
    found = [np.empty(0, dtype=np.int64)]
    for back in range(1, SKETCH_RECENT + 1):
        other = first - back
        ok = other >= bucket_start
        found.append(key_rows[ok] * count + key_rows[other[ok]])
    return _unique_sorted(np.concatenate(found))


def _prefix_pairs(table: _Table, overlaps: dict[int, int], distinct: Bools, open_rows: Bools,
                  crowded: int) -> tuple[Ints, Ints]:
    """The prefix filter's candidates of the open prompts (later * count + earlier, sorted),
    the open prompts whose prefix postings hold more than ``crowded`` earlier prompts (they are
    counted bit-parallel instead)."""
    pairs, count = table.pairs, len(distinct)
    need = np.zeros(int(table.length.max()) + 1, dtype=np.int64)
    for size, overlap in overlaps.items():
        need[size] = overlap
    prefix = np.maximum(pairs.size - need[table.length] + 1, 1)
    rows = pairs.row_of()
    ranks = np.sort(rows * pairs.width + pairs.flat) % pairs.width  # each row's tokens, rarest first
    place = np.arange(len(rows)) - np.repeat(pairs.start, pairs.size)
    chosen = (place < prefix[rows]) & distinct[rows]
    posting = np.sort(ranks[chosen] * count + rows[chosen])  # by token, then prompt
    probe = chosen & open_rows[rows]
    probe_rows, probe_tokens = rows[probe], ranks[probe]
    begin = np.searchsorted(posting, probe_tokens * count)
    held = np.searchsorted(posting, probe_tokens * count + probe_rows) - begin
    heads = np.flatnonzero(np.diff(probe_rows, prepend=-1))
    total = np.add.reduceat(held, heads) if len(heads) else np.empty(0, dtype=np.int64)
    crowded_rows = probe_rows[heads][total > crowded]
    joined = ~np.isin(probe_rows, crowded_rows)
    begin, held, probe_rows = begin[joined], held[joined], probe_rows[joined]
    earlier = posting[_ranges(begin, held)] % count
    keys = np.repeat(probe_rows, held) * count + earlier
    return _unique_sorted(keys), crowded_rows


def _bit_numbers(mask: int, below: int) -> Ints:
    """The numbers of the bits set in ``mask`` (all below ``below``)."""
    if not mask:
        return np.empty(0, dtype=np.int64)
    data = np.frombuffer(mask.to_bytes(below // 8 + 1, "little"), dtype=np.uint8)
    return np.flatnonzero(np.unpackbits(data, bitorder="little")).astype(np.int64)


def _earliest(table: _Table, prompts: list[Prompt], later: Ints, earlier: Ints
              ) -> dict[int, tuple[int, float]]:
    """For each later prompt, the earliest of its candidates (pairs sorted by later, then
    earlier) whose ratio reaches the threshold."""
    keep = table.bounded(later, earlier)
    found: dict[int, tuple[int, float]] = {}
    threshold = table.threshold
    matcher, current = SequenceMatcher(None, "", "", autojunk=False), -1
    for number, other in zip(later[keep].tolist(), earlier[keep].tolist(), strict=True):
        if number in found:
            continue
        if number != current:  # the later prompt is indexed once for all its candidates
            matcher.set_seq2(prompts[number].text)
            current = number
        matcher.set_seq1(prompts[other].text)
        ratio = matcher.ratio()
        if ratio >= threshold:
            found[number] = (other, ratio)
    return found


class DistinctChars:
    """How many of one prompt's distinct characters each earlier prompt holds, for all earlier
    prompts at once (the filter of similar._focused_pairs)."""

    def __init__(self, texts: list[str]) -> None:
        lengths = np.array([len(text) for text in texts], dtype=np.int64)
        joined = "".join(texts).encode("utf-32-le", "surrogatepass")
        points = np.frombuffer(joined, dtype=np.uint32).astype(np.int64)
        rows = np.repeat(np.arange(len(texts)), lengths)
        # each character once per prompt, grouped by character, each group by prompt: the
        # prompts holding a character are one slice (postings), read only for this prompt's
        held = _unique_sorted(points << 32 | rows)
        self.rows, self.length = held & 0xFFFFFFFF, lengths
        keys = held >> 32
        self.starts = np.flatnonzero(np.diff(keys, prepend=-1))
        self.chars = keys[self.starts]
        self.ends = np.append(self.starts[1:], len(held))

    def candidates(self, text: str, below: int, threshold: float) -> list[int]:
        """The prompts numbered below ``below`` that hold enough of the distinct characters of
        ``text`` to reach the threshold with it."""
        distinct = {ord(char) for char in text}
        wanted = np.array(sorted(distinct), dtype=np.int64)
        at = np.minimum(np.searchsorted(self.chars, wanted), max(len(self.chars) - 1, 0))
        held = [np.zeros(0, dtype=np.int64)]
        if len(self.chars):
            for i in at[self.chars[at] == wanted].tolist():
                posting = self.rows[self.starts[i] : self.ends[i]]  # ascending prompt numbers
                held.append(posting[: int(np.searchsorted(posting, below))])
        common = np.bincount(np.concatenate(held), minlength=below)[:below]
        repeats = len(text) - len(distinct)
        enough = 2 * (common + repeats) >= threshold * (len(text) + self.length[:below]) - 1e-9
        return np.flatnonzero(enough).tolist()
