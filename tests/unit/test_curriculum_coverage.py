"""The shipped curriculum: docs/curriculum.md maps every topic of the training plans to lessons,
manual stages and questions that exist; every question links (`see:`) to where its point is
taught and pointers in option feedback lead to real sections; the course has the shape the plans
ask for (tiers, lesson structure, question types, exams)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from academy.model import Course, load_course, project_from_mkdocs
from academy.model.manual import STAGE_TITLES
from academy.model.schema import MultipleChoice, Scenario, SingleChoice

ROOT = Path(__file__).resolve().parents[2]
CURRICULUM = ROOT / "docs" / "curriculum.md"

# Topics of the five training plans that the table must cover (docs/curriculum.md).
REQUIRED_TOPICS = [
    "30 秒首次应答", "结论先行", "需求预判", "多窗口并行", "复杂问题拆解", "情绪疏导",
    "计时场景模拟", "案例复盘", "15 天效率任务", "同伴竞技", "五级能力路径", "关键能力指标",
    "平台操作与订单/物流/退换货流程", "品类知识", "倾听·共情·复述", "应急处理", "服务标准",
    "FAQ", "多渠道与跨部门协作", "开场白三要素", "客户视角表达", "委婉拒绝", "隐私询问规范",
    "结构化倾听", "语言规范与术语比例", "语速与音量", "三步共情与情绪镜像", "SMART",
    "7+7 与 3E", "三维绩效", "三共文化", "三级冲突与 5W1H", "三色管理", "PDCA",
]

MIN_LESSONS = {"foundation": 8, "scenario": 8, "advanced": 5, "supervisor": 6, "compliance": 3}
LESSON_HEADINGS = ("学习目标", "低效版本", "高效版本", "要点", "练一练")
MAX_HAN_CHARS = 2500

LESSON_POINTER = re.compile(r"参见《([^》]+)》“([^”]+)”")
MANUAL_POINTER = re.compile(r"参见话术手册《([^》]+)》“([^”]+)”")
HEADING = re.compile(r"^#{2,6}\s+(.+?)\s*(?:\{[^}]*\})?\s*$", re.M)
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(project_from_mkdocs(ROOT / "mkdocs.yml"))


# -- docs/curriculum.md ----------------------------------------------------------------------

def _rows() -> list[tuple[str, list[str]]]:
    """(topic, references) of each data row of the coverage table."""
    rows = []
    in_table = False
    for line in CURRICULUM.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            in_table = False
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == "主题":
            in_table = True
            continue
        if not in_table or set(cells[0]) <= set("-: "):
            continue
        refs = re.findall(r"`([^`]+)`", " ".join(cells[1:]))
        rows.append((cells[0], refs))
    return rows


def _kind(ref: str) -> str:
    if ref.endswith(".md"):
        return "lesson"
    if "#" in ref:
        return "manual"
    if "/" in ref:
        return "question"
    return "unknown"


def test_table_has_rows() -> None:
    assert len(_rows()) >= len(REQUIRED_TOPICS)


def test_required_topics_present() -> None:
    topics = " ".join(topic for topic, _ in _rows())
    missing = [t for t in REQUIRED_TOPICS if t not in topics]
    assert not missing, f"topics missing from docs/curriculum.md: {missing}"


def test_every_reference_exists(course: Course) -> None:
    manuals = {mf.manual.id: {s.stage for s in mf.manual.stages} for mf in course.manuals}
    banks = {qb.bank.id: {q.id for q in qb.bank.questions} for qb in course.banks}
    problems = []
    for topic, refs in _rows():
        for ref in refs:
            kind = _kind(ref)
            if kind == "lesson" and ref not in course.lessons:
                problems.append(f"{topic}: no lesson {ref}")
            elif kind == "manual":
                mid, _, stage = ref.partition("#")
                if mid not in manuals or stage not in manuals[mid]:
                    problems.append(f"{topic}: no manual stage {ref}")
            elif kind == "question":
                bid, _, qid = ref.partition("/")
                if bid not in banks or qid not in banks[bid]:
                    problems.append(f"{topic}: no question {ref}")
            elif kind == "unknown":
                problems.append(f"{topic}: cannot tell what `{ref}` is")
    assert not problems, "\n".join(problems)


def test_every_topic_has_a_lesson_and_a_question() -> None:
    problems = []
    for topic, refs in _rows():
        kinds = {_kind(ref) for ref in refs}
        if "lesson" not in kinds or "question" not in kinds:
            problems.append(topic)
    assert not problems, f"rows without a lesson or a question: {problems}"


# -- pointers in explanations ----------------------------------------------------------------

def _texts(question: object) -> list[str]:
    texts = [question.explanation]  # type: ignore[attr-defined]
    if isinstance(question, SingleChoice | MultipleChoice):
        texts += [o.feedback or "" for o in question.options]
    if isinstance(question, Scenario):
        texts += [c.feedback for node in question.nodes for c in node.choices]
    return texts


def _headings(course: Course) -> dict[str, set[str]]:
    return {lesson.meta.title: set(HEADING.findall(lesson.body)) for lesson in course.lessons.values()}


def test_pointers_lead_somewhere(course: Course) -> None:
    headings = _headings(course)
    stages = {mf.manual.title: {STAGE_TITLES[s.stage] for s in mf.manual.stages}
              for mf in course.manuals}
    problems = []
    for qb in course.banks:
        for q in qb.bank.questions:
            for text in _texts(q):
                for title, stage in MANUAL_POINTER.findall(text):
                    if stage not in stages.get(title, set()):
                        problems.append(f"{qb.bank.id}/{q.id}: 话术手册《{title}》“{stage}”")
                for title, heading in LESSON_POINTER.findall(text):
                    if heading not in headings.get(title, set()):
                        problems.append(f"{qb.bank.id}/{q.id}: 《{title}》“{heading}”")
    assert not problems, "\n".join(problems)


def test_every_question_links_to_where_it_is_taught(course: Course) -> None:
    """`see:` on every question (academy check validates each reference); the explanation no
    longer repeats it as a plain-text 参见 pointer."""
    missing = [f"{qb.bank.id}/{q.id}" for qb in course.banks for q in qb.bank.questions if not q.see]
    assert not missing, f"questions without `see:`: {missing}"
    doubled = [f"{qb.bank.id}/{q.id}" for qb in course.banks for q in qb.bank.questions
               if LESSON_POINTER.search(q.explanation) or MANUAL_POINTER.search(q.explanation)]
    assert not doubled, f"explanations that still carry 参见《…》“…”: {doubled}"
    kinds = {ref.split("/")[0] for qb in course.banks for q in qb.bank.questions for ref in q.see}
    assert kinds <= {"foundation", "scenario", "advanced", "supervisor", "compliance", "manual"}, \
        "`see:` leads to lessons and manual stages"
    assert all("#" in ref for qb in course.banks for q in qb.bank.questions for ref in q.see), \
        "every reference names a section, not only a page"


# -- shape of the course ---------------------------------------------------------------------

def test_lessons_per_tier(course: Course) -> None:
    counts = Counter(lesson.meta.tier for lesson in course.lessons.values())
    for tier, minimum in MIN_LESSONS.items():
        assert counts[tier] >= minimum, f"{tier}: {counts[tier]} lessons, want {minimum}"
    assert len(course.lessons) >= 30


def test_lesson_structure(course: Course) -> None:
    problems = []
    for path, lesson in course.lessons.items():
        heads = set(HEADING.findall(lesson.body))
        problems += [f"{path}: no heading {h}" for h in LESSON_HEADINGS if h not in heads]
        chars = len(HAN.findall(lesson.body))
        if chars > MAX_HAN_CHARS:
            problems.append(f"{path}: {chars} Chinese characters (max {MAX_HAN_CHARS})")
        if lesson.meta.owner != "training" or (lesson.meta.review_every or 90) != 90:
            problems.append(f"{path}: owner training, review_every 90")
        if len(course.banks_for_lesson(path)) != 1:
            problems.append(f"{path}: needs exactly one bank")
    assert not problems, "\n".join(problems)


def test_questions(course: Course) -> None:
    questions = [q for qb in course.banks for q in qb.bank.questions]
    types = Counter(q.type for q in questions)
    assert len(questions) >= 300
    assert set(types) == {"single", "multiple", "truefalse", "fill", "order", "match", "reply",
                          "scenario"}
    assert types["reply"] >= 20
    assert types["scenario"] >= 8


def test_manual(course: Course) -> None:
    assert len(course.manuals) >= 8
    for mf in course.manuals:
        manual = mf.manual
        assert {s.stage for s in manual.stages} == set(STAGE_TITLES), manual.id
        assert manual.practice, f"{manual.id}: no practice card"
        assert any(s.forbidden for s in manual.stages), f"{manual.id}: no forbidden line"


def test_every_manual_scenario_has_a_dialogue(course: Course) -> None:
    titles = {mf.manual.title: mf.manual.id for mf in course.manuals}
    pointed = {titles.get(title) for qb in course.banks for q in qb.bank.questions
               if isinstance(q, Scenario) for text in _texts(q)
               for title, _ in MANUAL_POINTER.findall(text)}
    pointed |= {ref.removeprefix("manual/").partition(".md")[0] for qb in course.banks
                for q in qb.bank.questions if isinstance(q, Scenario) for ref in q.see}
    missing = [mf.manual.title for mf in course.manuals if mf.manual.id not in pointed]
    assert not missing, f"manual scenarios without a scenario question: {missing}"


def test_theory_exam(course: Course) -> None:
    bank = next((qb.bank for qb in course.banks if qb.bank.id == "theory-exam"), None)
    assert bank is not None
    assert bank.lesson is None
    assert bank.pass_score == 80
    assert len(bank.questions) >= 60
    assert bank.draw == 30
