"""The game settings (academy.yml `game:`) must point at things that exist (docs/game.md).

Badge criteria: an unknown criterion key, a bank or tier that does not exist, an empty
`all:`/`any:` are red cards; a tier without lessons (the badge could never be earned) is a
yellow one. Levels: ascending thresholds, known banks and tiers. The certificate's bank must
exist, and a bank's `draw` cannot exceed its questions.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Iterator
from typing import Any

from academy.findings import Finding, red, yellow
from academy.model import Course
from academy.model.game import (
    CRITERIA,
    AllCriterion,
    AnyCriterion,
    BankScoreCriterion,
    TierCompleteCriterion,
    UnknownCriterion,
    walk_criteria,
)

from .context import CheckContext

BADGE_ICONS = "theme/assets/academy/badges"  # relative to the project root


def check_game(course: Course, context: CheckContext) -> Iterator[Finding]:
    yield from _check_draw(course)
    config, positions = course.config, course.config_positions
    if config is None or positions is None:
        return  # the loader reported why
    game = config.game
    file = course.config_file
    banks = [qb.bank.id for qb in course.banks]
    tiers = [t.id for t in config.tiers]
    lessons_in = {t: sum(1 for x in course.lessons.values() if x.meta.tier == t) for t in tiers}

    def line(*path: Hashable) -> int:
        return positions.line(("game", *path))

    yield from _check_levels(course, file, line, banks, tiers, lessons_in)

    icons = course.project.root / BADGE_ICONS
    seen: set[str] = set()
    for index, badge in enumerate(game.badges):
        at = ("badges", index)
        name = f"badge `{badge.id}`"
        if badge.id in seen:
            yield red(file, line(*at, "id"), "duplicate-id", f"the badge id `{badge.id}` is used twice",
                      "Give each badge its own id: earned badges are stored by id.")
        seen.add(badge.id)
        if icons.is_dir() and not (icons / f"{badge.icon}.svg").is_file():
            known = sorted(p.stem for p in icons.glob("*.svg"))
            yield red(file, line(*at, "icon"), "missing-badge-icon",
                      f"{name}: there is no {BADGE_ICONS}/{badge.icon}.svg",
                      _choose("icon", badge.icon, known, "Add the SVG file (see docs/game.md) or "))
        for path, criterion in walk_criteria(badge.criteria):
            here = (*at, "criteria", *path)
            yield from _check_criterion(criterion, lambda *more, h=here: line(*h, *more),
                                        name, banks, tiers, lessons_in, file)

    if game.certificate and game.certificate.bank not in banks:
        yield red(file, line("certificate", "bank"), "unknown-bank",
                  f"the certificate's bank `{game.certificate.bank}` does not exist",
                  _choose("bank id", game.certificate.bank, banks))


def _check_levels(
    course: Course, file: str, line: Any, banks: list[str], tiers: list[str], lessons_in: dict[str, int]
) -> Iterator[Finding]:
    assert course.config is not None
    levels = course.config.game.levels
    seen: set[str] = set()
    for index, level in enumerate(levels):
        at = ("levels", index)
        if level.id in seen:
            yield red(file, line(*at, "id"), "duplicate-id", f"the level id `{level.id}` is used twice",
                      "Give each level its own id: the level reached is stored by id.")
        seen.add(level.id)
        if index and level.points < levels[index - 1].points:
            before = levels[index - 1]
            yield red(file, line(*at, "points"), "level-order",
                      f"level `{level.id}` needs fewer points ({level.points}) than the level "
                      f"before it, `{before.id}` ({before.points})",
                      "List levels from the lowest to the highest, each needing at least as many "
                      "points as the one before.")
        for j, bank in enumerate(level.banks):
            if bank not in banks:
                yield red(file, line(*at, "banks", j), "unknown-bank",
                          f"level `{level.id}` requires the bank `{bank}`, which does not exist",
                          _choose("bank id", bank, banks))
        for j, tier in enumerate(level.tiers):
            if tier not in tiers:
                yield red(file, line(*at, "tiers", j), "unknown-tier",
                          f"level `{level.id}` requires the tier `{tier}`, which is not defined",
                          _choose("tier", tier, tiers))
            elif not lessons_in[tier]:
                yield yellow(file, line(*at, "tiers", j), "empty-tier",
                             f"level `{level.id}` requires the tier `{tier}`, which has no lessons: "
                             "nobody can reach this level",
                             f"Add lessons with `tier: {tier}`, or require another tier.")


def _check_criterion(
    criterion: Any, line: Any, name: str, banks: list[str], tiers: list[str],
    lessons_in: dict[str, int], file: str,
) -> Iterator[Finding]:
    """``line(*path)``: the line of a part of this criterion."""
    keys = ", ".join(f"`{k}`" for k in CRITERIA)
    where = line()
    if isinstance(criterion, UnknownCriterion):
        raw = criterion.raw
        if isinstance(raw, dict) and len(raw) > 1:
            where = line(next(iter(raw)))
            found = ", ".join(f"`{k}`" for k in raw)
            yield red(file, where, "unknown-criterion",
                      f"{name}: a criterion has several keys ({found})",
                      "Write one key per criterion and combine them with `all:` (every one) or "
                      "`any:` (at least one), e.g. `all: [{streak: 7}, {points: 300}]`.")
        elif isinstance(raw, dict) and raw:
            key = str(next(iter(raw)))
            where = line(key)
            close = difflib.get_close_matches(key, list(CRITERIA), n=1, cutoff=0.5)
            yield red(file, where, "unknown-criterion",
                      f"{name}: `{key}` is not a badge criterion",
                      f"Did you mean `{close[0]}`?" if close else f"Use one of: {keys}.")
        else:
            yield red(file, where, "unknown-criterion",
                      f"{name}: a criterion must be a `key: value` mapping, found {raw!r}",
                      f"Write a criterion as one of: {keys}, e.g. `streak: 7`.")
    elif isinstance(criterion, BankScoreCriterion):
        bank = criterion.bank_score.bank
        where = line("bank_score", "bank")
        if bank not in banks:
            yield red(file, where, "unknown-bank",
                      f"{name}: `bank_score` points at the bank `{bank}`, which does not exist",
                      _choose("bank id", bank, banks))
    elif isinstance(criterion, TierCompleteCriterion):
        tier = criterion.tier_complete
        where = line("tier_complete")
        if tier not in tiers:
            yield red(file, where, "unknown-tier",
                      f"{name}: `tier_complete` points at the tier `{tier}`, which is not defined",
                      _choose("tier", tier, tiers))
        elif not lessons_in[tier]:
            yield yellow(file, where, "empty-tier",
                         f"{name}: the tier `{tier}` has no lessons, so the badge can never be earned",
                         f"Add lessons with `tier: {tier}`, or point the badge at another tier.")
    elif isinstance(criterion, AllCriterion | AnyCriterion):
        key = "all" if isinstance(criterion, AllCriterion) else "any"
        if not getattr(criterion, key):
            yield red(file, line(key), "empty-criteria",
                      f"{name}: `{key}:` lists no criteria",
                      f"Add at least one criterion under `{key}:` (e.g. `- streak: 7`), or remove it.")


def _check_draw(course: Course) -> Iterator[Finding]:
    for qb in course.banks:
        draw, count = qb.bank.draw, len(qb.bank.questions)
        if draw is not None and draw > count:
            yield red(qb.file, qb.positions.line(("draw",)), "draw-too-large",
                      f"`draw: {draw}` asks for more questions than the bank has ({count})",
                      f"Lower `draw` to {count} or less, or add {draw - count} more question(s).")


def _choose(what: str, value: str, known: list[str], prefix: str = "") -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    if close:
        return f"Did you mean `{close[0]}`?"
    shown = ", ".join(f"`{k}`" for k in known[:12]) + (" ..." if len(known) > 12 else "")
    return f"{prefix}Use an existing {what}: {shown}" if known else f"{prefix}Define the {what} first."
