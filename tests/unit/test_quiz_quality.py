"""Quiz quality: answer positions, near-duplicate prompts, 以上都对, coverage."""

from __future__ import annotations

import random
import time
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from academy.checks import suppress
from academy.checks.context import CheckContext
from academy.checks.quiz_quality import (
    check_coverage,
    check_quiz_quality,
    is_all_of_the_above,
)
from academy.checks.similar import MIN_PROMPT_CHARS, Prompt, near_duplicate_pairs, normalize
from academy.findings import Finding
from academy.model import QuizBank, load_course, project_from_mkdocs
from academy.model.schema import Bank
from academy.model.yamlpos import Positions

from tests.conftest import ACADEMY_YML, BANK, HEAD, ProjectFactory

# A lesson without sections, so the lines asserted below stay put.
LESSON = """\
---
title: 首次响应
tier: foundation
competencies: [communication]
owner: training
reviewed: 2026-11-20
---

# 首次响应

客户等待越久，情绪越差。
"""

# thresholds that keep the mini course (one bank of two questions) free of coverage cards
QUIET = "checks:\n  min_bank_questions: 2\n  min_competency_questions: 1\n"
ACADEMY = ACADEMY_YML.replace("  - id: empathy\n    title: 共情\n", "") + QUIET



def project(make_project: ProjectFactory, files: dict[str, str | None] | None = None) -> Path:
    return make_project({"content/academy.yml": ACADEMY_YML,
                         "content/foundation/first-response.md": LESSON,
                         "quizzes/first-response.yml": BANK, **(files or {})})


def run(root: Path) -> list[Finding]:
    course = load_course(project_from_mkdocs(root / "mkdocs.yml"))
    context = CheckContext(today=date(2026, 11, 26))
    found = [*check_quiz_quality(course, context), *check_coverage(course, context)]
    return sorted(suppress.apply(course, found))


def single(qid: str, prompt: str, correct: int, options: int = 3) -> str:
    lines = [f"  - id: {qid}", "    type: single", f"    prompt: {prompt}", "    options:"]
    for i in range(options):
        lines.append(f"      - text: 选项{qid}{i}")
        if i == correct:
            lines.append("        correct: true")
    lines.append("    explanation: 因为。")
    return "\n".join(lines) + "\n"


PROMPTS = ["客户说快递三天没动了怎么办", "退款什么时候到账", "商品有质量问题怎么处理",
           "客户情绪激动时先做什么", "多窗口接待时如何不漏接"]


def drill(corrects: list[int], options: int = 3) -> str:
    return HEAD + "".join(single(f"q{i}", PROMPTS[i], c, options) for i, c in enumerate(corrects))


# rule -> (files of the bad project, files of the good one, file and line of the card)
RULES: dict[str, tuple[dict[str, str | None], dict[str, str | None], tuple[str, int]]] = {
    "position-bias": (
        {"quizzes/drill.yml": drill([0, 0, 0, 1])},
        {"quizzes/drill.yml": drill([0, 2, 1, 0])},
        ("quizzes/drill.yml", 6),
    ),
    "near-duplicate": (
        {"quizzes/drill.yml": HEAD + single("a", "客户要把发票抬头改成公司名称，您先核对哪一项？", 0)
         + single("b", "客户要把发票抬头改成公司名称，你先核对哪一项？", 1)},
        {"quizzes/drill.yml": HEAD + single("a", "客户要把发票抬头改成公司名称，您先核对哪一项？", 0)
         + single("b", "客户要求退款但商品已拆封，您先确认什么？", 1)},
        ("quizzes/drill.yml", 18),
    ),
    "all-of-the-above": (
        {"quizzes/drill.yml": HEAD + single("a", "哪句话合适？", 2).replace("选项a2", "以上都对")},
        {"quizzes/drill.yml": HEAD + single("a", "哪句话合适？", 2).replace("选项a2", "马上为您查询")},
        ("quizzes/drill.yml", 13),
    ),
    "thin-competency": (
        {"content/academy.yml": ACADEMY.replace("min_competency_questions: 1",
                                                "min_competency_questions: 3")},
        {"content/academy.yml": ACADEMY.replace("min_competency_questions: 1",
                                                "min_competency_questions: 2")},
        ("content/academy.yml", 9),
    ),
    "lesson-without-quiz": (
        {"quizzes/first-response.yml": BANK.replace("lesson: foundation/first-response.md\n", "")},
        {},
        ("content/foundation/first-response.md", 1),
    ),
    "small-bank": (
        {"content/academy.yml": ACADEMY.replace("min_bank_questions: 2", "min_bank_questions: 3")},
        {},
        ("quizzes/first-response.yml", 7),
    ),
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_fails_bad_and_passes_good(make_project: ProjectFactory, rule: str) -> None:
    bad, good, (file, line) = RULES[rule]
    base: dict[str, str | None] = {"content/academy.yml": ACADEMY}
    if "drill.yml" in "".join(bad):  # a second bank: give it plenty of questions to count
        base["content/academy.yml"] = ACADEMY.replace("min_bank_questions: 2",
                                                      "min_bank_questions: 1")
    found = [f for f in run(project(make_project, {**base, **bad})) if f.rule == rule]
    assert found, f"{rule} did not fire"
    assert (found[0].file, found[0].line, found[0].rule, str(found[0].severity)) == (
        file, line, rule, "yellow")
    assert found[0].fix
    assert run(project(make_project, {**base, **good})) == []


def test_position_bias_message_counts_and_names_questions(make_project: ProjectFactory) -> None:
    root = project(make_project, {"content/academy.yml": ACADEMY, "quizzes/drill.yml": drill([0, 0, 0, 1])})
    (hit,) = [f for f in run(root) if f.rule == "position-bias"]
    assert "3 of 4" in hit.message and "option 1" in hit.message
    assert "at least 1" in hit.fix and "`q0`" in hit.fix


@pytest.mark.parametrize(("corrects", "options"), [
    ([0, 0, 0], 3),  # fewer than 4 questions: too few to judge
    ([0, 0, 0, 0], 2),  # two options: a coin toss, not counted
    ([0, 0, 1, 1], 3),  # 50% is not above 60%
])
def test_position_bias_needs_enough_questions(make_project: ProjectFactory, corrects: list[int],
                                              options: int) -> None:
    root = project(make_project, {"content/academy.yml": ACADEMY,
                         "quizzes/drill.yml": drill(corrects, options)})
    assert [f for f in run(root) if f.rule == "position-bias"] == []


def test_position_bias_threshold_comes_from_academy_yml(make_project: ProjectFactory) -> None:
    academy = ACADEMY + "  position_bias: 0.8\n"
    root = project(make_project, {"content/academy.yml": academy, "quizzes/drill.yml": drill([0, 0, 0, 1])})
    assert [f for f in run(root) if f.rule == "position-bias"] == []


def test_near_duplicate_across_banks_names_the_other(make_project: ProjectFactory) -> None:
    other = BANK.replace("id: first-response", "id: second").replace(
        "lesson: foundation/first-response.md\n", "").replace(
        "客户说快递三天没动了，您的第一句话是？", "客户说快递三天都没动了，您的第一句话是？")
    root = project(make_project, {"content/academy.yml": ACADEMY, "quizzes/second.yml": other})
    found = [f for f in run(root) if f.rule == "near-duplicate"]
    assert [(f.file, f.line) for f in found] == [("quizzes/second.yml", 9), ("quizzes/second.yml", 17)]
    assert "quizzes/first-response.yml:10" in found[0].message
    assert "quizzes/first-response.yml:18" in found[1].message
    assert "客户说快递三天都没动了" in found[0].message


def test_short_prompts_are_not_compared(make_project: ProjectFactory) -> None:
    root = project(make_project, {"content/academy.yml": ACADEMY, "quizzes/drill.yml": HEAD
                         + single("a", "排序", 0) + single("b", "排序。", 1)})
    assert [f for f in run(root) if f.rule == "near-duplicate"] == []


@pytest.mark.parametrize("text", [
    "以上都对", "以上都不对", "以上皆是", "以上皆非", "都对", "都不对", "以上都是。", "以上选项均正确",
    "上述说法都不正确", "以上全部正确", "All of the above", "None of the above.", "ALL OF THE ABOVE!",
    "以 上 都 对", "（以上都对）",
])
def test_all_of_the_above_variants(text: str) -> None:
    assert is_all_of_the_above(text)


@pytest.mark.parametrize("text", [
    "以上是我的建议", "都是快递公司的问题", "对以上内容进行总结", "先致歉，再查询", "all good",
    "以上", "全部退款",
])
def test_ordinary_options_are_not_all_of_the_above(text: str) -> None:
    assert not is_all_of_the_above(text)


def test_thin_competency_counts_each_question_once_per_competency(
        make_project: ProjectFactory) -> None:
    academy = ACADEMY_YML + QUIET.replace("min_competency_questions: 1", "min_competency_questions: 2")
    bank = BANK.replace("competencies: [communication]",
                        "competencies: [communication, empathy, empathy]")
    found = run(project(make_project, {"content/academy.yml": academy, "quizzes/first-response.yml": bank}))
    assert found == []
    academy = academy.replace("min_competency_questions: 2", "min_competency_questions: 3")
    found = run(project(make_project, {"content/academy.yml": academy, "quizzes/first-response.yml": bank}))
    assert [(f.line, f.rule) for f in found] == [(9, "thin-competency"), (11, "thin-competency")]
    assert "2 question(s), fewer than 3" in found[0].message
    assert "quizzes/first-response.yml" in found[0].fix


def test_unexamined_competency(make_project: ProjectFactory) -> None:
    found = run(project(make_project, {"content/academy.yml": ACADEMY_YML + QUIET}))
    assert [(f.file, f.line, f.rule) for f in found] == [
        ("content/academy.yml", 11, "thin-competency")]
    assert "`empathy`" in found[0].message and "competencies:" in found[0].fix


def test_lesson_without_quiz_names_the_bank_to_create(make_project: ProjectFactory) -> None:
    root = project(make_project, {"content/academy.yml": ACADEMY,
                         "content/scenario/returns.md": LESSON.replace("tier: foundation",
                                                                       "tier: scenario")})
    (hit,) = run(root)
    assert (hit.file, hit.line, hit.rule) == ("content/scenario/returns.md", 1,
                                             "lesson-without-quiz")
    assert "lesson: scenario/returns.md" in hit.fix


@pytest.mark.parametrize(("bank", "waiting"), [
    ("id: first-response\ntitle: [unclosed\n",  # cannot be read: a red card already
     {"lesson-without-quiz", "thin-competency"}),
    (BANK.replace("lesson: foundation/first-response.md", "lesson: foundation/first-respons.md"),
     {"lesson-without-quiz"}),
    (BANK.replace("competencies: [communication]", "competencies: [communicaton]"),
     {"thin-competency"}),
])
def test_coverage_waits_for_the_red_cards_of_the_banks(make_project: ProjectFactory, bank: str,
                                                        waiting: set[str]) -> None:
    academy = ACADEMY.replace("min_competency_questions: 1", "min_competency_questions: 5")
    root = project(make_project, {"content/academy.yml": academy, "quizzes/first-response.yml": bank})
    assert not waiting & {f.rule for f in run(root)}
    root = project(make_project, {"content/academy.yml": academy})
    assert waiting - {"lesson-without-quiz"} <= {f.rule for f in run(root)}


def test_defaults_apply_without_a_checks_block(make_project: ProjectFactory) -> None:
    root = project(make_project)
    (root / "content/academy.yml").write_text(ACADEMY_YML)  # without the fixture's checks: block
    found = run(root)  # defaults: 5 questions per bank and per competency
    assert sorted((f.file, f.line, f.rule) for f in found) == [
        ("content/academy.yml", 9, "thin-competency"),
        ("content/academy.yml", 11, "thin-competency"),
        ("quizzes/first-response.yml", 7, "small-bank"),
    ]


def test_without_a_course_definition_only_config_free_rules_run(
        make_project: ProjectFactory) -> None:
    root = project(make_project, {"content/academy.yml": None, "quizzes/first-response.yml": BANK.replace(
        "这是快递公司的问题。", "以上都不对")})
    assert [(f.file, f.rule) for f in run(root)] == [
        ("quizzes/first-response.yml", "all-of-the-above")]


def test_a_card_can_be_silenced_with_a_reason(make_project: ProjectFactory) -> None:
    bank = BANK.replace("      - text: 这是快递公司的问题。",
                        "      # academy-ignore all-of-the-above: 考查“都不对”的判断\n"
                        "      - text: 以上都不对")
    root = project(make_project, {"content/academy.yml": ACADEMY, "quizzes/first-response.yml": bank})
    assert run(root) == []


def test_hostile_banks_do_not_crash(make_project: ProjectFactory) -> None:
    huge = "客" * 200_000
    bank = HEAD + "".join([
        single("a", f"'{huge}'", 0, options=3),
        single("b", f"'{huge}户'", 1, options=3),
        single("c", "'\\0\\x01\\u202e\\ufffd'", 2, options=3),
        single("d", "'" + "[" * 50_000 + "'", 0, options=40),
    ])
    root = project(make_project, {"content/academy.yml": ACADEMY, "quizzes/drill.yml": bank})
    started = time.perf_counter()
    found = run(root)
    assert time.perf_counter() - started < 5
    assert "near-duplicate" in {f.rule for f in found}


def _banks(prompts: list[str], per_bank: int = 8) -> list[QuizBank]:
    banks = []
    for start in range(0, len(prompts), per_bank):
        questions = [{"id": f"q{i}", "type": "truefalse", "prompt": p, "answer": True,
                      "explanation": "因为。"} for i, p in enumerate(prompts[start:start + per_bank])]
        bank = Bank.model_validate({"id": f"b{start}", "title": "题库", "competencies": ["c"],
                                    "owner": "training", "reviewed": "2026-11-20",
                                    "questions": questions})
        banks.append(QuizBank(f"quizzes/b{start}.yml", bank, Positions()))
    return banks


@pytest.mark.parametrize("bulk", [False, True], ids=["one-by-one", "bulk"])
@pytest.mark.parametrize("threshold", [0.95, 0.85, 0.75, 0.5])
def test_the_index_finds_exactly_what_comparing_every_pair_finds(threshold: float, bulk: bool) -> None:
    rng = random.Random(7)
    alphabet = "客户快递三天没动了您的第一句话是下列关于退款说法正确物流延迟处理售后"
    base = ["".join(rng.choices(alphabet, k=rng.randint(6, 30))) for _ in range(40)]

    def mutate(text: str) -> str:
        chars = list(text)
        for _ in range(rng.randint(0, 4)):
            at = rng.randrange(len(chars))
            chars[at:at + rng.choice([0, 1])] = rng.choice(["", alphabet[rng.randrange(30)]])
        return "".join(chars) or "空"

    banks = _banks([mutate(rng.choice(base)) for _ in range(300)])
    got = {(p.qb.file, p.index) for p, _, _ in near_duplicate_pairs(banks, threshold, bulk=bulk)}
    items = [(qb.file, i, normalize(q.prompt)) for qb in banks for i, q in enumerate(qb.bank.questions)]
    items = [item for item in items if len(item[2]) >= MIN_PROMPT_CHARS]
    want = set()
    for k, (file, index, text) in enumerate(items):
        if any(SequenceMatcher(None, earlier, text, autojunk=False).ratio() >= threshold
               for _, _, earlier in items[:k]):
            want.add((file, index))
    assert got == want


def _named(pairs: list[tuple[Prompt, Prompt, float]]) -> list[tuple[str, int, str, int, float]]:
    return [(later.qb.file, later.index, earlier.qb.file, earlier.index, score)
            for later, earlier, score in pairs]


@pytest.mark.parametrize("seed", range(4))
def test_the_bulk_search_names_the_same_partners(seed: int) -> None:
    """similar_bulk.py finds the same pairs, partners and scores as the one-by-one search: on
    templated prompts (many partners, crowded postings), on clause pairs (few partners, rare
    tokens), with exact repeats, repeated characters and long prompts."""
    rng = random.Random(seed)
    words = ["客户", "快递", "三天", "没动", "退款", "物流", "延迟", "售后", "您好", "发票", "地址",
             "修改", "优惠券", "失效", "赠品", "缺失", "会员", "积分", "质量", "投诉", "安装", "预约"]
    clauses = ["".join(rng.sample(words, rng.randint(3, 6))) for _ in range(60)]
    prompts: list[str] = []
    for n in range(2_400):
        kind = rng.random()
        if kind < 0.4:  # templated, numbered
            prompts.append(f"{rng.choice(words)}遇到{rng.choice(words)}，您{rng.choice(words)}？（练习 {n}）")
        elif kind < 0.8:  # two clauses in a frame
            a, b = rng.sample(clauses, 2)
            frame = rng.choice(["{a}，{b}。对吗？", "关于“{a}”和“{b}”，哪项最恰当？"])
            prompts.append(frame.format(a=a, b=b))
        elif kind < 0.9 and prompts:  # an exact or near repeat
            chars = list(rng.choice(prompts))
            if rng.random() < 0.5:
                chars[rng.randrange(len(chars))] = rng.choice("的了您我们请")
            prompts.append("".join(chars))
        else:  # repeated characters, and now and then a long prompt
            prompts.append(rng.choice(words) * rng.randint(3, 8) + ("客" * 400 if n % 50 == 0 else ""))
    banks = _banks(prompts, per_bank=6)
    for threshold in (0.85, 0.9):
        one_by_one = near_duplicate_pairs(banks, threshold, bulk=False)
        assert _named(near_duplicate_pairs(banks, threshold, bulk=True)) == _named(one_by_one)
        assert len(one_by_one) > 100


def test_the_bulk_search_takes_any_text() -> None:
    prompts = ["？", "短", "\x00\x01题目题目题目", "\u202e\ufffd反转的题目文字", "题目题目题目" * 100]
    banks = _banks([*prompts, *prompts])
    assert _named(near_duplicate_pairs(banks, 0.85, bulk=True)) == _named(
        near_duplicate_pairs(banks, 0.85, bulk=False))
    assert near_duplicate_pairs(_banks([]), 0.85, bulk=True) == []


@pytest.mark.parametrize("threshold", [0.95, 0.85, 0.6])
def test_the_focused_search_counts_characters_in_bulk_as_one_by_one(
        threshold: float, monkeypatch: pytest.MonkeyPatch) -> None:
    import academy.checks.similar as similar

    rng = random.Random(3)
    alphabet = "客户快递三天没动了您的第一句话是下列关于退款说法正确物流延迟处理售后"
    prompts = ["".join(rng.choices(alphabet, k=rng.randint(6, 30))) for _ in range(200)]
    prompts += [p[:-1] + "吗" for p in rng.sample(prompts, 40)]
    banks = _banks(prompts)
    focused = {banks[-1].file, banks[-3].file}
    one_by_one = near_duplicate_pairs(banks, threshold, focused.__contains__)
    monkeypatch.setattr(similar, "BULK_PROMPTS", 1)
    assert _named(near_duplicate_pairs(banks, threshold, focused.__contains__)) == _named(one_by_one)
    assert one_by_one


def test_the_focused_filter_reads_the_postings_of_each_character() -> None:
    """DistinctChars.candidates: the earlier prompts holding enough of a prompt's distinct
    characters, as counting them one by one gives; characters no prompt holds, none earlier."""
    from academy.checks.similar_bulk import DistinctChars

    rng = random.Random(7)
    texts = ["".join(rng.choices("客户快递三天没动了您的第一句话", k=rng.randint(6, 20))) for _ in range(300)]
    counter = DistinctChars(texts)
    for text in [*rng.sample(texts, 5), "从未出现过的字", "客户从未出现", texts[0]]:
        for below in (0, 1, 150, 300):
            distinct = set(text)
            expected = [n for n, other in enumerate(texts[:below])
                        if 2 * (len(distinct & set(other)) + len(text) - len(distinct))
                        >= 0.8 * (len(text) + len(other)) - 1e-9]
            assert counter.candidates(text, below, 0.8) == expected
    assert DistinctChars([]).candidates("客户", 0, 0.8) == []


def test_a_whole_check_may_search_near_duplicates_in_a_second_process(
        make_project: ProjectFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    from academy.checks import check_course, quiz_quality
    from academy.forked import can_fork

    root = project(make_project, {"quizzes/zz-copy.yml": BANK.replace("id: first-response", "id: copy")})
    course = load_course(project_from_mkdocs(root / "mkdocs.yml"))
    here = check_course(course, date(2026, 11, 26)).findings
    monkeypatch.setattr(quiz_quality, "ASIDE_PROMPTS", 1)
    context = CheckContext(today=date(2026, 11, 26))
    forkable = can_fork()  # not beside threads (the servers of the e2e tests)
    quiz_quality.begin_aside(course, context)
    assert context.aside is not None and context.aside.pending.forked == forkable
    assert check_course(course, date(2026, 11, 26)).findings == here
    assert "near-duplicate" in {f.rule for f in here}
    context.aside.pairs()  # the search started above ends


def test_near_duplicates_scale_to_thousands_of_banks() -> None:
    rng = random.Random(1)
    chars = [chr(0x4E00 + i) for i in range(3000)]
    weights = [1 / (i + 15) for i in range(3000)]
    topics = ["".join(rng.choices(chars, weights, k=3)) for _ in range(200)]
    prompts = [f"下列关于{rng.choice(topics)}的说法，正确的是？" if rng.random() < 0.2
               else "".join(rng.choices(chars, weights, k=rng.randint(12, 40)))
               for _ in range(8_000)]
    prompts[-1] = prompts[10][:-1] + "吗"
    banks = _banks(prompts)
    started = time.process_time()
    pairs = near_duplicate_pairs(banks, 0.85)
    assert time.process_time() - started < 5
    assert any(later.qb is banks[-1] and earlier.qb is banks[1] for later, earlier, _ in pairs)


def test_the_question_rules_are_registered() -> None:
    from academy.checks import CHECKS

    assert check_quiz_quality in CHECKS
