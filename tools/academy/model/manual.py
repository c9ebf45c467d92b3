"""The script manual (话术手册): content/manual/*.yml, one file per scenario."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, PositiveInt

from academy.model.base import Slug, Strict, Text
from academy.model.schema import ReviewFields

StageId = Literal["opening", "needs", "handling", "closing"]
STAGE_TITLES: dict[str, str] = {
    "opening": "开场问候",
    "needs": "需求确认",
    "handling": "问题处理",
    "closing": "结束语",
}


class RecommendedLine(Strict):
    text: Text = Field(description="What to say; placeholders such as {订单号} are filled in by the agent.")
    note: str = ""
    compliance: bool = Field(
        False, description="The line needs legal/compliance review; then the manual needs "
        "`compliance_reviewed`."
    )


class ForbiddenLine(Strict):
    text: Text = Field(description="What agents must not say (the engine must catch it).")
    reason: Text
    replacement: Text = Field(description="What to say instead.")


class Stage(Strict):
    stage: StageId = Field(
        description="opening 开场问候 | needs 需求确认 | handling 问题处理 | closing 结束语"
    )
    recommended: list[RecommendedLine] = Field(min_length=1)
    forbidden: list[ForbiddenLine] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)


class PracticeCard(Strict):
    """A scenario card for the practice desk (练习台)."""

    id: Slug
    stage: StageId = "handling"
    customer: Text = Field(description="What the customer says.")
    time_limit: PositiveInt = Field(30, description="Seconds to type the reply (30 for a first reply).")
    require: list[list[Text]] = Field(
        default_factory=list, description="Groups of alternatives the reply must contain."
    )
    max_chars: PositiveInt | None = None
    sample: Text = Field(description="A model reply; it must pass its own card.")


class Manual(ReviewFields):
    """One scenario of the script manual (content/manual/*.yml)."""

    id: Slug = Field(description="Unique across the manual; the page is manual/ID/.")
    title: Text
    description: str = ""
    competencies: list[Slug] = Field(default_factory=list)
    stages: list[Stage] = Field(min_length=1)
    practice: list[PracticeCard] = Field(default_factory=list)
    compliance_reviewed: date | None = Field(
        None, description="Date of the last compliance review; required when a line is flagged."
    )
