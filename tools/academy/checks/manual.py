"""The script manual tests its own rules: recommended lines pass the wording engine, forbidden
lines are caught by it, practice samples pass their cards, flagged lines had a compliance review."""

from __future__ import annotations

from collections.abc import Iterator

from rules import Ruleset, check

from academy.findings import Finding, red, yellow
from academy.model import Course, ManualFile
from academy.model.manual import STAGE_TITLES

from .context import CheckContext
from .wording import LESSON_RULES, sample_findings, wording_finding

CAUGHT = ("forbidden-phrase", "vague-word")


def check_manuals(course: Course, context: CheckContext) -> Iterator[Finding]:
    first: dict[str, str] = {}
    competencies = {c.id for c in course.config.competencies} if course.config else None
    for mf in course.manuals:
        manual = mf.manual
        if not course.in_focus(mf.file):
            first.setdefault(manual.id, mf.file)
            continue
        if manual.id in first:
            yield red(mf.file, mf.positions.line(("id",)), "duplicate-manual-id",
                      f"the manual id `{manual.id}` is already used by {first[manual.id]}",
                      "Give this scenario its own id; links to manual stages use it.")
        first.setdefault(manual.id, mf.file)
        if competencies is not None:
            for i, cid in enumerate(manual.competencies):
                if cid not in competencies:
                    yield red(mf.file, mf.positions.line(("competencies", i)), "unknown-competency",
                              f"the competency `{cid}` is not defined in {course.config_file}",
                              "Use a competency id from content/academy.yml.")
        yield from _check_stages(mf)
        yield from _check_lines(course, mf)
        yield from _check_practice(course, mf)
        yield from _check_compliance(mf, context)


def _check_stages(mf: ManualFile) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, stage in enumerate(mf.manual.stages):
        if stage.stage in seen:
            yield red(mf.file, mf.positions.line(("stages", i, "stage")), "duplicate-stage",
                      f"the stage `{stage.stage}` ({STAGE_TITLES[stage.stage]}) appears twice",
                      "Merge the two into one stage entry.")
        seen.add(stage.stage)
    missing = [s for s in STAGE_TITLES if s not in seen]
    if missing:
        names = ", ".join(f"`{s}` ({STAGE_TITLES[s]})" for s in missing)
        yield yellow(mf.file, mf.positions.line(("stages",)), "manual-missing-stage",
                     f"the scenario has no {names} stage",
                     "Add the missing stages so agents have a line for every step of the talk.")


def _check_lines(course: Course, mf: ManualFile) -> Iterator[Finding]:
    ruleset = course.wording
    if ruleset is None:
        return
    for i, stage in enumerate(mf.manual.stages):
        for j, line in enumerate(stage.recommended):
            yield from _wording(mf, ("stages", i, "recommended", j, "text"), line.text, ruleset,
                                "recommended line: ")
        for j, line in enumerate(stage.forbidden):
            if not any(hit.rule in CAUGHT for hit in check(line.text, ruleset).hits):
                yield red(mf.file, mf.positions.line(("stages", i, "forbidden", j, "text")),
                          "manual-forbidden-not-caught",
                          f"the forbidden line 「{line.text}」 is not caught by the wording rules",
                          "Add its key phrase to `forbidden:` in content/wording.yml with the "
                          f"replacement 「{line.replacement}」, so practice and checks catch it.")
            yield from _wording(mf, ("stages", i, "forbidden", j, "replacement"), line.replacement,
                                ruleset, "replacement: ")


def _wording(mf: ManualFile, path: tuple[object, ...], text: str, ruleset: Ruleset,
             where: str) -> Iterator[Finding]:
    """Wording findings on a line learners are told to say."""
    line = mf.positions.line(path)
    for hit in check(text, ruleset).hits:
        if hit.rule in LESSON_RULES:
            yield wording_finding(mf.file, line, hit, ruleset, where)


def _check_practice(course: Course, mf: ManualFile) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, card in enumerate(mf.manual.practice):
        if card.id in seen:
            yield red(mf.file, mf.positions.line(("practice", i, "id")), "duplicate-card-id",
                      f"the practice card id `{card.id}` is used twice",
                      "Give each practice card its own id: results are stored by it.")
        seen.add(card.id)
        if course.wording is not None:
            yield from sample_findings(
                mf.file, mf.positions.line(("practice", i, "sample")), f"practice card `{card.id}`",
                card.sample, card.require, card.max_chars, course.wording)


def _check_compliance(mf: ManualFile, context: CheckContext) -> Iterator[Finding]:
    manual = mf.manual
    flagged = [(i, j) for i, stage in enumerate(manual.stages)
               for j, line in enumerate(stage.recommended) if line.compliance]
    if flagged and manual.compliance_reviewed is None:
        i, j = flagged[0]
        yield red(mf.file, mf.positions.line(("stages", i, "recommended", j, "compliance")),
                  "compliance-review-missing",
                  f"{len(flagged)} line(s) are flagged for compliance review but the manual has no "
                  "`compliance_reviewed` date",
                  "Have the lines reviewed by legal/compliance, then add "
                  "`compliance_reviewed: YYYY-MM-DD`.")
    if manual.compliance_reviewed and manual.compliance_reviewed > context.today:
        yield red(mf.file, mf.positions.line(("compliance_reviewed",)), "reviewed-in-future",
                  f"`compliance_reviewed: {manual.compliance_reviewed}` is after today",
                  "Write the date the compliance review actually took place.")
