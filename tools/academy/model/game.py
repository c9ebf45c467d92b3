"""Gamification settings of content/academy.yml (`game:`): points, levels, badges, streaks,
the 错题本 review schedule and the certificate. Format and rules: docs/game.md.

Badge criteria are a keyed union: each criterion is a mapping with exactly one key
(`bank_score`, `tier_complete`, `streak`, `points`, `drills`, `banks_passed`, `perfect_banks`,
`lessons`, `reviews`, `all`, `any`). The JSON Schema lists only those keys, so editors see a typo
at once; at load time a criterion with an unknown key is kept as it is (`UnknownCriterion`), so
that the rest of the course is still checked and `academy check` (academy.checks.game) can name
the key and suggest the one that was meant.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    NonNegativeInt,
    PositiveInt,
    Tag,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from academy.model.base import Slug, Strict, Text

# -- points ----------------------------------------------------------------------------------


class StreakMilestone(Strict):
    days: PositiveInt = Field(description="Length of the streak, in days with the daily goal met.")
    points: PositiveInt


def _milestones() -> list[StreakMilestone]:
    return [StreakMilestone(days=d, points=p) for d, p in ((3, 10), (7, 30), (14, 60), (30, 150))]


class PointsRules(Strict):
    """Points per event. Each award is earned once (see docs/game.md)."""

    lesson_learned: NonNegativeInt = Field(10, description="A lesson marked as learned.")
    question_first_try: NonNegativeInt = Field(
        2, description="A question right at its first try, times the question's `points`."
    )
    bank_passed: NonNegativeInt = Field(20, description="A bank passed (score ≥ pass_score).")
    bank_perfect: NonNegativeInt = Field(10, description="A bank scored 100%.")
    drill_beaten: NonNegativeInt = Field(
        15, description="A timed bank passed before its time_limit ran out."
    )
    daily_goal_met: NonNegativeInt = Field(5, description="A day on which the daily goal was met.")
    review_right: NonNegativeInt = Field(
        1, description="A 错题本 question answered right on its due day."
    )
    streak_milestones: list[StreakMilestone] = Field(
        default_factory=_milestones, description="Bonus when a streak reaches N days."
    )


# -- levels ----------------------------------------------------------------------------------


class Level(Strict):
    """A level is reached when every requirement is met; levels never go down."""

    id: Slug
    title: Text
    points: NonNegativeInt = Field(0, description="Points needed.")
    banks_passed: NonNegativeInt = Field(0, description="Number of banks passed needed.")
    banks: list[Slug] = Field(default_factory=list, description="Banks that must be passed.")
    tiers: list[Slug] = Field(
        default_factory=list,
        description="Tiers that must be complete: every lesson learned and its bank passed.",
    )


def _levels() -> list[Level]:
    return [
        Level(id="entry", title="入门级"),
        Level(id="executor", title="执行级", points=100, banks_passed=1),
        Level(id="independent", title="独立级", points=250, banks_passed=2),
        Level(id="expert", title="专家级", points=400, banks_passed=4),
        Level(id="leader", title="领导级", points=600, banks_passed=6),
    ]


# -- badge criteria (a keyed union) ------------------------------------------------------------


class BankScore(Strict):
    bank: Slug = Field(description="A bank id.")
    min: int = Field(ge=0, le=100, description="Best score needed, in percent.")


class BankScoreCriterion(Strict):
    bank_score: BankScore = Field(description="Best score on a bank of at least `min` percent.")


class TierCompleteCriterion(Strict):
    tier_complete: Slug = Field(
        description="Every lesson of the tier learned and every bank of those lessons passed."
    )


class StreakCriterion(Strict):
    streak: PositiveInt = Field(description="A streak of N days (the longest one counts).")


class PointsCriterion(Strict):
    points: PositiveInt = Field(description="N points in total.")


class DrillsCriterion(Strict):
    drills: PositiveInt = Field(description="N timed banks passed within their time_limit.")


class BanksPassedCriterion(Strict):
    banks_passed: PositiveInt = Field(description="N banks passed.")


class PerfectBanksCriterion(Strict):
    perfect_banks: PositiveInt = Field(description="N banks scored 100%.")


class LessonsCriterion(Strict):
    lessons: PositiveInt = Field(description="N lessons marked as learned.")


class ReviewsCriterion(Strict):
    reviews: PositiveInt = Field(description="N 错题本 questions answered right on their due day.")


class AllCriterion(Strict):
    all: list[Criterion] = Field(
        json_schema_extra={"minItems": 1}, description="Every one of these criteria."
    )


class AnyCriterion(Strict):
    any: list[Criterion] = Field(
        json_schema_extra={"minItems": 1}, description="At least one of these criteria."
    )


class UnknownCriterion(BaseModel):
    """What was written where a criterion was expected, kept for academy check to explain."""

    model_config = ConfigDict(extra="allow")
    raw: Any = None

    @model_validator(mode="before")
    @classmethod
    def _keep(cls, data: Any) -> Any:
        return {"raw": data}


CRITERIA: dict[str, type[BaseModel]] = {
    "bank_score": BankScoreCriterion,
    "tier_complete": TierCompleteCriterion,
    "streak": StreakCriterion,
    "points": PointsCriterion,
    "drills": DrillsCriterion,
    "banks_passed": BanksPassedCriterion,
    "perfect_banks": PerfectBanksCriterion,
    "lessons": LessonsCriterion,
    "reviews": ReviewsCriterion,
    "all": AllCriterion,
    "any": AnyCriterion,
}


def criterion_key(value: Any) -> str:
    """The tag of a criterion: its one key when that key is known, else "unknown"."""
    if isinstance(value, dict):
        keys = list(value)
        return keys[0] if len(keys) == 1 and keys[0] in CRITERIA else "unknown"
    if isinstance(value, BaseModel):
        for key, model in CRITERIA.items():
            if isinstance(value, model):
                return key
    return "unknown"


Criterion = Annotated[
    Annotated[BankScoreCriterion, Tag("bank_score")]
    | Annotated[TierCompleteCriterion, Tag("tier_complete")]
    | Annotated[StreakCriterion, Tag("streak")]
    | Annotated[PointsCriterion, Tag("points")]
    | Annotated[DrillsCriterion, Tag("drills")]
    | Annotated[BanksPassedCriterion, Tag("banks_passed")]
    | Annotated[PerfectBanksCriterion, Tag("perfect_banks")]
    | Annotated[LessonsCriterion, Tag("lessons")]
    | Annotated[ReviewsCriterion, Tag("reviews")]
    | Annotated[AllCriterion, Tag("all")]
    | Annotated[AnyCriterion, Tag("any")]
    | SkipJsonSchema[Annotated[UnknownCriterion, Tag("unknown")]],
    Discriminator(criterion_key),
]

AllCriterion.model_rebuild()
AnyCriterion.model_rebuild()


class Badge(Strict):
    id: Slug = Field(description="Stable: earned badges are stored by id.")
    title: Text
    description: Text = Field(description="What the learner did to earn it.")
    icon: Slug = Field(description="theme/assets/academy/badges/<icon>.svg")
    criteria: Criterion


# -- the whole game section -----------------------------------------------------------------------


class Certificate(Strict):
    bank: Slug = Field(description="Passing this bank unlocks the printable certificate.")
    title: Text = "结业证书"
    issuer: Text = Field("客服学院", description="Shown on the certificate.")


class GameConfig(Strict):
    """academy.yml `game:` — every field has a default, so a course without it still works."""

    daily_goal: PositiveInt = Field(
        10, description="Answers per day (quiz or 错题本 questions) that keep a streak alive."
    )
    review_intervals: list[PositiveInt] = Field(
        default_factory=lambda: [1, 2, 4, 7, 15],
        min_length=1,
        description="Leitner boxes: days until a missed question comes back, per box.",
    )
    points: PointsRules = Field(default_factory=PointsRules)
    levels: list[Level] = Field(
        default_factory=_levels, min_length=1,
        description="In ascending order; the first is where everyone starts.",
    )
    badges: list[Badge] = Field(default_factory=list)
    certificate: Certificate | None = None


def walk_criteria(criterion: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every criterion inside ``criterion`` (itself first) with its path below `criteria`."""
    found = [(path, criterion)]
    for key in ("all", "any"):
        items = getattr(criterion, key, None)
        if isinstance(criterion, (AllCriterion, AnyCriterion)) and isinstance(items, list):
            for index, item in enumerate(items):
                found += walk_criteria(item, (*path, key, index))
    return found

