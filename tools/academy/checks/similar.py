"""Near-duplicate prompts: which prompts repeat an earlier one, without comparing every pair.

Similarity is difflib's ``SequenceMatcher.ratio`` of the normalized prompts (lower case,
full-width folded, no spaces or punctuation). Comparing every pair of 30,000 prompts would take
hours; :func:`near_duplicate_pairs` finds the same prompts as that comparison would, in seconds:

1. a sketch index (bottom-k hashes of character pairs, :class:`_Sketches`) proposes a few likely
   partners, which settles the many prompts that have one;
2. otherwise an exact filter looks at every earlier prompt that could still reach the
   threshold: the prompts sharing one of this prompt's rarest tokens (a prefix filter), or,
   when those are many, the prompts holding enough of its tokens, counted for all earlier
   prompts at once with bit-parallel counters (:class:`_TokenBits`).

Both filters rest on :func:`_least_shared`, a lower bound on the character pairs that two
prompts reaching the threshold share. Which prompts are reported never depends on the sketches;
the partner named is the earliest that reaches the threshold among those looked at.
"""

from __future__ import annotations

import functools
import math
import operator
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise, repeat

from academy.forked import Beside
from academy.lazy import LazySequence
from academy.model import QuizBank
from academy.model.text import normalize

MIN_PROMPT_CHARS = 6  # shorter normalized prompts ("排序") are not compared
MAX_PROMPT_CHARS = 300  # longer prompts are compared on their first 300 characters
SKETCH_SIZE = 9  # hashes in a prompt's sketch: 8 keys that propose partners
SKETCH_RECENT = 4  # the latest prompts of a key's bucket that are proposed
SKETCH_COMMON = 0.5  # tokens in more than this share of prompts are left out of the sketches
PREFIX_CANDIDATES, PREFIX_SHARE = 64, 64  # above 64 + prompts / 64 prefix postings, count bit-parallel
BULK_PROMPTS = 2_000  # from this many prompts on, the bounds are computed in bulk (similar_bulk.py)

Token = tuple[str, int]  # a character or character pair with its occurrence number
Pair = tuple["Prompt", "Prompt", float]


@dataclass
class Prompt:
    qb: QuizBank = field(repr=False)
    index: int
    text: str  # normalized
    _bigrams: frozenset[Token] | None = field(default=None, repr=False)
    _chars: frozenset[Token] | None = field(default=None, repr=False)

    @property
    def bigrams(self) -> frozenset[Token]:
        """Each character pair with its occurrence number."""
        if self._bigrams is None:
            text = self.text
            self._bigrams = _numbered([text[i : i + 2] for i in range(len(text) - 1)])
        return self._bigrams

    @property
    def chars(self) -> frozenset[Token]:
        """Each character with its occurrence number."""
        if self._chars is None:
            self._chars = _numbered(self.text)
        return self._chars

    @property
    def where(self) -> str:
        return f"{self.qb.file}:{self.qb.positions.line(('questions', self.index, 'prompt'))}"


def near_duplicate_pairs(
    banks: list[QuizBank], threshold: float, focus: Callable[[str], bool] | None = None,
    bulk: bool | None = None,
) -> list[Pair]:
    """(later, earlier, similarity) for every prompt whose ratio with an earlier one (in course
    order) reaches the threshold; with ``focus``, only for the later prompts of focused files.
    ``bulk`` chooses the search of similar_bulk.py (default: from BULK_PROMPTS prompts on); both
    searches find the same pairs."""
    if focus is not None:  # prompts after the last focused one cannot be its earlier partner
        focused = [i for i, qb in enumerate(banks) if focus(qb.file)]
        if not focused:
            return []
        rows = list(_prompt_rows(banks[: focused[-1] + 1]))
        return _focused_pairs(rows, threshold, {id(banks[i]) for i in focused})
    prompts = list(_prompts(banks))
    overlaps = {size: _pair_overlap(size, threshold) for size in {len(p.text) for p in prompts}}
    by_pairs = all(overlap >= 1 for overlap in overlaps.values())
    if by_pairs and (bulk if bulk is not None else len(prompts) >= BULK_PROMPTS):
        from .similar_bulk import bulk_pairs  # NumPy: imported only for courses that need it

        return bulk_pairs(prompts, threshold, overlaps)

    def tokens_of(prompt: Prompt) -> frozenset[Token]:
        return prompt.bigrams if by_pairs else prompt.chars

    frequency: Counter[Token] = Counter()
    for prompt in prompts:
        frequency.update(tokens_of(prompt))
    # one global order of the tokens, rarest first (ties in order of first appearance)
    rank = {token: i for i, token in enumerate(sorted(frequency, key=frequency.__getitem__))}
    sketches = _Sketches(prompts, frequency if by_pairs else None)
    bits = _TokenBits([len(p.text) for p in prompts], lambda: (p.chars for p in prompts))
    crowded = PREFIX_CANDIDATES + len(prompts) // PREFIX_SHARE
    index: dict[Token, list[int]] = {}
    buckets: dict[tuple[int, int], list[int]] = {}
    first: dict[str, int] = {}
    pairs: list[Pair] = []
    for number, prompt in enumerate(prompts):
        if prompt.text in first:
            pairs.append((prompt, prompts[first[prompt.text]], 1.0))
            continue
        first[prompt.text] = number
        tokens = tokens_of(prompt)
        if by_pairs:
            overlap = overlaps[len(prompt.text)]
        else:  # character overlap (Dice) >= t, i.e. Jaccard >= t / (2 - t)
            overlap = math.ceil(threshold / (2 - threshold) * len(tokens) - 1e-9)
        prefix = sorted(tokens, key=rank.__getitem__)[: max(len(tokens) - overlap + 1, 1)]
        keys = sketches.keys(prompt)
        checked: set[int] = set()
        match = _best_earlier(prompt, set().union(*(buckets.get(k, ())[-SKETCH_RECENT:] for k in keys)),
                              prompts, threshold, checked)
        if match is None:
            holders = [index.get(token, ()) for token in prefix]
            if sum(map(len, holders)) > crowded:
                candidates = set(bits.holding(prompt.chars, _needs(len(prompt.text), threshold),
                                              below=number))
            else:
                candidates = set().union(*holders)
            match = _best_earlier(prompt, candidates, prompts, threshold, checked)
        if match is not None:
            pairs.append((prompt, prompts[match[0]], match[1]))
        for token in prefix:
            index.setdefault(token, []).append(number)
        for key in keys:
            buckets.setdefault(key, []).append(number)
    return pairs


def _prompts(banks: list[QuizBank]) -> Iterator[Prompt]:
    for qb, index, text in _prompt_rows(banks):
        yield Prompt(qb, index, text)


def _prompt_rows(banks: list[QuizBank]) -> Iterator[tuple[QuizBank, int, str]]:
    """(bank, question number, normalized prompt) of the prompts long enough to compare."""
    for qb in banks:
        questions = qb.bank.questions
        known = qb.prompts if qb.prompts is not None and len(qb.prompts) == len(questions) else None
        texts = known if known is not None else (normalize(q.prompt) for q in questions)
        for index, text in enumerate(texts):  # a cached bank's questions are not made
            text = text[:MAX_PROMPT_CHARS]
            if len(text) >= MIN_PROMPT_CHARS:
                yield qb, index, text


def _focused_pairs(rows: list[tuple[QuizBank, int, str]], threshold: float, focused: set[int]
                   ) -> list[Pair]:
    """The pairs whose later prompt is in a focused bank (by id), as the full search finds them, but
    filtering the earlier prompts directly instead of indexing every prompt: a prompt can only
    reach the threshold with one that contains enough of its distinct characters."""
    prompts = LazySequence(len(rows), lambda n: Prompt(*rows[n]))  # made only when compared
    texts = [text for _, _, text in rows]
    first: dict[str, int] = {}
    for number, text in enumerate(texts):
        first.setdefault(text, number)
    counter = None
    if len(texts) >= BULK_PROMPTS:
        from .similar_bulk import DistinctChars  # NumPy: imported only for courses that need it

        counter = DistinctChars(texts)
    pairs: list[Pair] = []
    for number, (qb, _, text) in enumerate(rows):
        if id(qb) not in focused:
            continue
        prompt = prompts[number]
        if first[text] < number:
            pairs.append((prompt, prompts[first[text]], 1.0))
            continue
        # matched characters M <= repeats + distinct characters of this prompt found in the other
        if counter is not None:
            candidates = set(counter.candidates(text, number, threshold))
        else:
            distinct = set(text)
            repeats = len(text) - len(distinct)
            earlier = texts[:number]
            shared = map(len, map(distinct.intersection, earlier))
            candidates = {n for n, (other, common) in enumerate(zip(earlier, shared, strict=True))
                          if 2 * (common + repeats) >= threshold * (len(text) + len(other)) - 1e-9}
        match = _best_earlier(prompt, candidates, prompts, threshold, set())
        if match is not None:
            pairs.append((prompt, prompts[match[0]], match[1]))
    return pairs


def _best_earlier(prompt: Prompt, candidates: set[int], prompts: Sequence[Prompt],
                  threshold: float, checked: set[int]) -> tuple[int, float] | None:
    """The earliest candidate that reaches the threshold; ``checked`` collects the numbers
    looked at (they are not looked at twice). The cheap bounds run first: length, shared
    character pairs, shared characters."""
    numbers = sorted(candidates - checked)
    if not numbers:
        return None
    checked.update(numbers)
    size = len(prompt.text)
    least = _least_shared(size, threshold)
    shortest, longest = math.ceil(size * threshold / (2 - threshold) - 1e-9), len(least) - 1
    others = [prompts[number] for number in numbers]
    feasible = [(number, other) for number, other in zip(numbers, others, strict=True)
                if shortest <= len(other.text) <= longest]
    bigrams = prompt.bigrams
    shared = map(len, map(bigrams.intersection, [other.bigrams for _, other in feasible]))
    for (number, other), common in zip(feasible, shared, strict=True):
        other_size = len(other.text)
        if common < least[other_size]:
            continue
        if 2 * len(prompt.chars & other.chars) < threshold * (size + other_size) - 1e-9:
            continue
        ratio = SequenceMatcher(None, other.text, prompt.text, autojunk=False).ratio()
        if ratio >= threshold:
            return number, ratio
    return None


def _pair_overlap(length: int, threshold: float) -> int:
    """Fewest character pairs a prompt of this length shares with any prompt it may repeat:
    the least of :func:`_least_shared` over the lengths that can reach the ratio at all."""
    shortest = max(math.ceil(length * threshold / (2 - threshold) - 1e-9), MIN_PROMPT_CHARS)
    return min(_least_shared(length, threshold)[shortest:], default=0)


@functools.lru_cache(maxsize=1024)
def _least_shared(length: int, threshold: float) -> tuple[int, ...]:
    """For each other length b (the index), the fewest numbered character pairs that a prompt
    of this length a shares with one of length b when their ratio reaches the threshold.

    The ratio is 2M / (a + b), M the characters in matching blocks, so M >= t(a + b) / 2 and at
    most floor((1 - t)(a + b)) characters are unmatched. Two bounds follow; the larger holds:

    * each inserted or deleted character breaks at most two pairs: max(a, b) - 1 - 2 * that
      many pairs are shared (the q-gram lemma);
    * k matching blocks share M - k pairs, and consecutive blocks are separated by at least one
      unmatched character, so k <= a + b - 2M + 1 and at least 3M - (a + b) - 1 pairs are shared.
    """
    longest = math.floor(length * (2 - threshold) / threshold + 1e-9)
    least = []
    for other in range(max(longest, length) + 1):
        total = length + other
        unmatched = math.floor((1 - threshold) * total + 1e-9)
        matched = math.ceil(threshold * total / 2 - 1e-9)
        least.append(max(max(length, other) - 1 - 2 * unmatched, 3 * matched - total - 1))
    return tuple(least)


def _needs(length: int, threshold: float) -> list[int]:
    """For each other length (the index), the fewest characters a prompt of this length shares
    with one of that length when their ratio reaches the threshold (the ratio is at most the
    Dice coefficient of the characters); lengths that cannot reach it need more than any."""
    shortest = math.ceil(length * threshold / (2 - threshold) - 1e-9)
    longest = math.floor(length * (2 - threshold) / threshold + 1e-9)
    return [math.ceil(threshold * (length + other) / 2 - 1e-9) if other >= shortest
            else MAX_PROMPT_CHARS + 1 for other in range(longest + 1)]


class _Sketches:
    """Bottom-k sketches of the prompts' character pairs: each pair gets a hash, a prompt's
    sketch is its SKETCH_SIZE smallest hashes, and each two neighbours in it make a key.
    Prompts that share a key are likely to be similar; an edit that drops or adds a small
    hash shifts the sketch but leaves the other neighbours (and keys) in place. Pairs that most
    prompts contain (the frame of templated questions) are left out, so that keys follow what a
    prompt is about. Hashes are CRC-32, so the same course gives the same keys in every run.
    Without ``frequency`` (a threshold too low for character pairs to matter) nothing is
    sketched."""

    def __init__(self, prompts: list[Prompt], frequency: Counter[Token] | None) -> None:
        self.hashes: dict[Token, int] = {}
        if frequency is not None:
            common = max(SKETCH_COMMON * len(prompts), 10)
            self.hashes = {token: zlib.crc32(f"{token[0]}{token[1]}".encode())
                           for token, count in frequency.items() if count <= common}

    def keys(self, prompt: Prompt) -> list[tuple[int, int]]:
        hashes = self.hashes
        least = sorted([hashes[token] for token in prompt.bigrams if token in hashes])[:SKETCH_SIZE]
        return list(pairwise(least))


class _TokenBits:
    """For each token, the set of prompts holding it as one integer (bit n: prompt n), built
    when first asked for; counts tokens for every prompt at once."""

    def __init__(self, lengths: list[int], rows: Callable[[], Iterable[Iterable[Hashable]]]) -> None:
        self.rows = rows  # each prompt's tokens, asked for when first needed
        self.count = len(lengths)
        self.holders: dict[Hashable, list[int]] | None = None
        self.bits: dict[Hashable, int] = {}
        self.lengths: dict[int, int] = {}  # the prompts of each length
        for number, length in enumerate(lengths):
            self.lengths[length] = self.lengths.get(length, 0) | 1 << number

    def holding(self, tokens: Collection[Hashable], least: Sequence[int], below: int) -> Iterator[int]:
        """The prompts numbered below ``below`` whose length n can reach the threshold and that
        hold at least min(least[n]) of the tokens (the caller checks least[n] itself)."""
        found = self.mask(tokens, least, below)
        while found:
            low = found & -found
            yield low.bit_length() - 1
            found ^= low

    def mask(self, tokens: Collection[Hashable], least: Sequence[int], below: int) -> int:
        """The prompts of :meth:`holding` as the bits of an integer. The tokens are counted for
        every prompt at once, in counters whose bits are spread over integers (bit planes)."""
        width = len(tokens).bit_length()
        planes = [0] * width
        for token in tokens:
            carry = self._bits(token)
            for i in range(width):
                if not carry:
                    break
                plane = planes[i]
                planes[i] = plane ^ carry
                carry &= plane
        feasible = [length for length, need in enumerate(least)
                    if length in self.lengths and need <= len(tokens)]
        if not feasible:
            return 0
        found = _at_least(planes, max(min(least[length] for length in feasible), 1))
        found &= functools.reduce(operator.or_, (self.lengths[length] for length in feasible))
        return found & (1 << below) - 1

    def _bits(self, token: Hashable) -> int:
        if token not in self.bits:
            if self.holders is None:
                self.holders = {}
                for number, row in enumerate(self.rows()):
                    for held in row:
                        self.holders.setdefault(held, []).append(number)
            mask = bytearray(self.count // 8 + 1)
            for number in self.holders.get(token, ()):
                mask[number >> 3] |= 1 << (number & 7)
            self.bits[token] = int.from_bytes(mask, "little")
        return self.bits[token]


def _at_least(planes: list[int], least: int) -> int:
    """The counters (spread over bit planes, lowest bit first) that hold at least ``least``."""
    greater, equal = 0, -1  # -1: every counter equal so far
    for i in reversed(range(len(planes))):
        if least >> i & 1:
            equal &= planes[i]
        else:
            greater |= equal & planes[i]
            equal &= ~planes[i]
    return greater | (equal if least < 1 << len(planes) else 0)


def _numbered(items: str | list[str]) -> frozenset[Token]:
    if len(set(items)) == len(items):  # no repeats: every occurrence number is 1
        return frozenset(zip(items, repeat(1)))
    return frozenset((item, k) for item, count in Counter(items).items()
                     for k in range(1, count + 1))


ASIDE_PROMPTS = 10_000  # from this many prompts on, a whole check searches in a second process


class AsidePairs:
    """:func:`near_duplicate_pairs` of a whole course, searched in a second (forked) process
    while the other checks run; :meth:`pairs` waits for it, or searches here if it failed."""

    def __init__(self, banks: list[QuizBank], threshold: float) -> None:
        self.banks, self.threshold = banks, threshold
        self.pending = Beside(lambda: _numbered_pairs(banks, threshold))

    def pairs(self) -> list[Pair]:
        banks = self.banks
        return [(Prompt(banks[b], q, ""), Prompt(banks[eb], eq, ""), ratio)
                for b, q, eb, eq, ratio in self.pending.result()]


def _numbered_pairs(banks: list[QuizBank], threshold: float) -> list[tuple[int, int, int, int, float]]:
    """The pairs as numbers (bank, question, earlier bank, earlier question, ratio): what a
    second process sends back of them."""
    number = {id(qb): n for n, qb in enumerate(banks)}
    return [(number[id(later.qb)], later.index, number[id(earlier.qb)], earlier.index, ratio)
            for later, earlier, ratio in near_duplicate_pairs(banks, threshold)]
