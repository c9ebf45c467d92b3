"""The content schema: pydantic models for academy.yml, lesson front matter and quiz banks.

These models are the single source of the JSON Schemas in schema/ (``academy schema``).
Structural rules that need a clearer message than a schema error (exactly one correct option,
at least three order items, ...) live in academy.checks, not here.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, NonNegativeInt, PositiveInt

from academy.model.base import Slug, Strict, Text
from academy.model.game import GameConfig


class Tier(Strict):
    id: Slug
    title: Text


class Competency(Strict):
    id: Slug
    title: Text
    description: str = ""


class ChecksConfig(Strict):
    """Thresholds of the content-quality checks (academy.yml `checks:`)."""

    min_bank_questions: NonNegativeInt = Field(
        5, description="A bank with fewer questions gets a card; 0 turns the rule off."
    )
    min_competency_questions: NonNegativeInt = Field(
        5, description="A competency examined by fewer questions gets a card; 0 turns it off."
    )
    position_bias: float = Field(
        0.6, gt=0, le=1,
        description="Largest share of choice questions in a bank whose correct option sits at "
        "the same position.",
    )
    near_duplicate: float = Field(
        0.85, gt=0, le=1, description="Prompt similarity (0-1) above which two questions are "
        "near-duplicates.",
    )
    see_coverage: float = Field(
        0, ge=0, le=1,
        description="Least share (0-1) of a bank's questions that carry `see:`; a bank below it "
        "gets a card; 0 turns the rule off.",
    )
    bad_example_headings: list[Text] = Field(
        default_factory=lambda: ["低效", "反面", "错误示范"],
        description="A lesson section whose heading contains one of these is a bad example: "
        "wording rules skip it.",
    )
    bad_example_prefixes: list[Text] = Field(
        default_factory=lambda: ["避免：", "错误：", "反面示例：", "❌"],
        description="A line (or list item) starting with one of these is a bad example.",
    )
    bad_example_admonitions: list[Text] = Field(
        default_factory=lambda: ["failure", "danger", "bug"],
        description="Admonition types (!!! failure) whose content is a bad example.",
    )


class CourseConfig(Strict):
    """content/academy.yml: the course definition."""

    site_id: Slug = Field(description="Key of learners' progress in the browser; never change it.")
    review_every: PositiveInt = Field(90, description="Default review cycle in days.")
    tiers: list[Tier] = Field(min_length=1)
    competencies: list[Competency] = Field(min_length=1)
    checks: ChecksConfig = Field(default_factory=ChecksConfig)
    game: GameConfig = Field(
        default_factory=GameConfig,
        description="Points, levels, badges, streaks, reviews, certificate (docs/game.md).",
    )


class ReviewFields(Strict):
    owner: Text = Field(description="Who keeps this content true (a person or team).")
    reviewed: date = Field(description="Last time a person checked it is still true (YYYY-MM-DD).")
    review_every: PositiveInt | None = Field(
        None, description="Review cycle in days; default from content/academy.yml."
    )


class LessonMeta(ReviewFields):
    """Front matter of a lesson (content/**/*.md)."""

    title: Text
    tier: Slug = Field(description="A tier id from content/academy.yml.")
    competencies: list[Slug] = Field(min_length=1)
    description: str = ""
    order: int = Field(100, description="Position within its tier; lower comes first.")


class _Question(Strict):
    id: Slug = Field(description="Stable within the bank: progress is keyed on it.")
    prompt: Text
    explanation: Text = Field(description="Why the right answer is right; shown after answering.")
    see: list[Text] = Field(
        default_factory=list,
        description="Where the point is taught: pages relative to content/ with the anchor of a "
        "section, e.g. foundation/first-response.md#为什么是-30-秒 or manual/logistics.md#handling. "
        "A wrong answer shows a 复习 link to each.",
    )
    points: PositiveInt = 1


class Option(Strict):
    text: Text
    correct: bool = False
    feedback: str | None = Field(None, description="Shown when the learner picks this option.")


class SingleChoice(_Question):
    type: Literal["single"]
    options: list[Option] = Field(min_length=2)


class MultipleChoice(_Question):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2)


class TrueFalse(_Question):
    type: Literal["truefalse"]
    answer: bool


class Fill(_Question):
    type: Literal["fill"]
    answers: list[Text] = Field(default_factory=list, description="Accepted answers.")


class Order(_Question):
    type: Literal["order"]
    items: list[Text] = Field(default_factory=list, description="In the right order.")


class Pair(Strict):
    left: Text
    right: Text


class Match(_Question):
    type: Literal["match"]
    pairs: list[Pair] = Field(default_factory=list)


class Rubric(Strict):
    require: list[list[Text]] = Field(
        default_factory=list,
        description="Groups of alternatives; the reply must contain one of each group.",
    )
    max_chars: PositiveInt | None = None


class Reply(_Question):
    type: Literal["reply"]
    rubric: Rubric
    sample: Text = Field(description="A model answer; it must pass its own rubric.")


class Choice(Strict):
    text: Text
    score: int = 0
    feedback: str = ""
    next: Slug | None = Field(None, description="Id of the next node; none ends the dialogue.")


class DialogueNode(Strict):
    id: Slug
    customer: Text = Field(description="What the customer says at this point.")
    choices: list[Choice] = Field(default_factory=list)


class Scenario(_Question):
    type: Literal["scenario"]
    start: Slug | None = Field(None, description="Id of the first node; default the first one.")
    nodes: list[DialogueNode] = Field(min_length=1)


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | Fill | Order | Match | Reply | Scenario,
    Field(discriminator="type"),
]

QUESTION_TYPES = ("single", "multiple", "truefalse", "fill", "order", "match", "reply", "scenario")


class Bank(ReviewFields):
    """A quiz bank (quizzes/**/*.yml)."""

    id: Slug = Field(description="Unique across the site, never reused.")
    title: Text
    lesson: str | None = Field(
        None, description="Lesson path relative to content/; the quiz appears at its end."
    )
    competencies: list[Slug] = Field(min_length=1)
    pass_score: int = Field(80, ge=0, le=100, description="Percent needed to pass.")
    time_limit: PositiveInt | None = Field(
        None, description="Seconds; makes the bank a timed drill."
    )
    draw: PositiveInt | None = Field(
        None, description="Questions drawn at random from the pool for each attempt; "
        "none: every question.",
    )
    questions: list[Question] = Field(min_length=1)
