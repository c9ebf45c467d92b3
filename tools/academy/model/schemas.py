"""Every content model that has a JSON Schema in schema/ (written by `academy schema`)."""

from __future__ import annotations

from pydantic import BaseModel

from academy.model.manual import Manual
from academy.model.schema import Bank, CourseConfig, LessonMeta

SCHEMAS: dict[str, type[BaseModel]] = {
    "academy.schema.json": CourseConfig,
    "lesson.schema.json": LessonMeta,
    "quiz-bank.schema.json": Bank,
    "manual.schema.json": Manual,
}
