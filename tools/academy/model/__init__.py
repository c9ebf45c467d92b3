"""Typed models of the course content and the loader that keeps file:line positions."""

from academy.model.course import Course, Lesson, ManualFile, Project, QuizBank
from academy.model.loader import load_course, project_from_mkdocs

__all__ = [
    "Course", "Lesson", "ManualFile", "Project", "QuizBank", "load_course", "project_from_mkdocs",
]
