"""check(): every rule with a hit and a non-hit, exact spans, wildcards, required elements,
scoring, ignored spans and the errors for bad arguments.

Plain pytest (assert, parametrize, raises) so the same file also runs inside Pyodide.
"""

from __future__ import annotations

import json

import pytest
from rules import PASS_SCORE, WEIGHTS, Hit, Result, RulesError, Ruleset, check

RULESET = Ruleset.from_dict({
    "forbidden": [
        {"phrase": "您必须", "replacement": "我们建议", "reason": "命令口吻，让客户觉得被指挥"},
        {"phrase": "我们规定", "replacement": "为了保障您的权益"},
        {"phrase": "无法办理", "replacement": "需要……协助"},
        {"phrase": "无法"},
        {"phrase": "这不归我管", "replacement": "我来帮您联系负责的同事"},
        {"phrase": "不能……退", "replacement": "可以为您换货或补偿"},
        {"phrase": "OK吧"},
        {"phrase": "不行！"},
    ],
    "vague": ["可能", "应该", "大概", "也许", "差不多"],
    "glossary": ["SKU", "SLA", "工单", "拦截件"],
    "limits": {"max_sentence_chars": 60, "max_jargon_ratio": 0.05},
})
SHORT_SENTENCES = Ruleset.from_dict({"limits": {"max_sentence_chars": 10}})
GOOD = "非常抱歉让您久等了，我马上为您查询物流进度。"


def rules_of(result: Result) -> list[str]:
    return [hit.rule for hit in result.hits]


def only(result: Result, rule: str) -> list[Hit]:
    return [hit for hit in result.hits if hit.rule == rule]


def test_good_text_has_no_hit() -> None:
    result = check(GOOD, RULESET)
    assert result.hits == []
    assert result.score == 100
    assert result.passed


def test_empty_text() -> None:
    result = check("", RULESET, max_chars=10)
    assert result.hits == [] and result.score == 100 and result.passed


# --- forbidden phrases -------------------------------------------------------------------


def test_forbidden_phrase_hit_with_span_replacement_and_reason() -> None:
    text = "亲，您必须先提供订单号。"
    (hit,) = check(text, RULESET).hits
    assert hit == Hit("forbidden-phrase", 2, 5, "您必须", "我们建议", "命令口吻，让客户觉得被指挥",
                      {"phrase": "您必须"})
    assert text[hit.start:hit.end] == hit.quote


def test_forbidden_phrase_not_hit() -> None:
    assert check("亲，我们建议您先提供订单号，方便我为您查询。", RULESET).hits == []


def test_every_occurrence_of_a_forbidden_phrase() -> None:
    text = "您必须登录。您必须绑定手机。"
    hits = only(check(text, RULESET), "forbidden-phrase")
    assert [(h.start, h.end) for h in hits] == [(0, 3), (6, 9)]
    assert all(text[h.start:h.end] == "您必须" for h in hits)


def test_forbidden_phrase_without_replacement_or_reason() -> None:
    (hit,) = check("这个无法查到。", RULESET).hits
    assert (hit.quote, hit.replacement, hit.reason) == ("无法", None, None)


def test_longest_forbidden_phrase_wins_where_two_start_together() -> None:
    (hit,) = check("这个业务无法办理。", RULESET).hits
    assert hit.quote == "无法办理"
    assert hit.replacement == "需要……协助"
    assert hit.detail == {"phrase": "无法办理"}


@pytest.mark.parametrize("text", ["这样OK吧？", "这样ok吧？", "这样ＯＫ吧？", "这样ｏｋ吧？"])
def test_forbidden_phrase_ignores_case_and_width(text: str) -> None:
    (hit,) = check(text, RULESET).hits
    assert hit.rule == "forbidden-phrase"
    assert (hit.start, hit.end) == (2, 5)
    assert hit.quote == text[2:5]
    assert hit.detail == {"phrase": "OK吧"}


@pytest.mark.parametrize("text", ["这个真的不行！", "这个真的不行!"])
def test_forbidden_phrase_punctuation_of_either_width(text: str) -> None:
    (hit,) = check(text, RULESET).hits
    assert hit.quote == text[4:7]
    assert hit.detail == {"phrase": "不行！"}


# --- the …… wildcard -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("这件商品不能给您退。", "不能给您退"),
        ("这件商品不能退。", "不能退"),  # the gap may be empty
        ("这件商品不能，真的不能给您退。", "不能，真的不能给您退"),  # a comma is inside a sentence
        ("不能退款，也不退货。", "不能退"),  # the shortest text from where the phrase starts
    ],
)
def test_wildcard_matches_within_a_sentence(text: str, quote: str) -> None:
    (hit,) = check(text, RULESET).hits
    assert hit.rule == "forbidden-phrase"
    assert hit.quote == quote
    assert text[hit.start:hit.end] == quote
    assert hit.detail == {"phrase": "不能……退"}
    assert hit.replacement == "可以为您换货或补偿"


@pytest.mark.parametrize(
    "text",
    ["这件不能。明天给您退", "这件不能！明天退", "这件不能!明天退", "这件不能？退", "这件不能?退",
     "这件不能；退", "这件不能;退", "这件不能\n退", "这件不能\r\n退", "这件可以退。"],
)
def test_wildcard_does_not_cross_sentences(text: str) -> None:
    assert check(text, RULESET).hits == []


def test_wildcard_every_occurrence() -> None:
    text = "不能退，也不能换了再退。"
    hits = check(text, RULESET).hits
    assert [hit.quote for hit in hits] == ["不能退", "不能换了再退"]
    assert all(text[h.start:h.end] == h.quote for h in hits)


@pytest.mark.parametrize(
    "phrase", ["不能……退", "不能…退", "不能...退", "不能……………退", "不能 ... 退", "不能．．．退"]
)
def test_wildcard_spellings(phrase: str) -> None:
    ruleset = Ruleset.from_dict({"forbidden": [{"phrase": phrase}]})
    (hit,) = check("这件不能给您退。", ruleset).hits
    assert hit.quote == "不能给您退"
    assert hit.detail == {"phrase": phrase}


# --- vague words ---------------------------------------------------------------------------


def test_vague_words_every_occurrence() -> None:
    text = "大概明天到，也许后天，大概吧。"
    hits = check(text, RULESET).hits
    assert [(h.rule, h.start, h.end, h.quote) for h in hits] == [
        ("vague-word", 0, 2, "大概"), ("vague-word", 6, 8, "也许"), ("vague-word", 11, 13, "大概"),
    ]
    assert [h.detail for h in hits] == [{"word": "大概"}, {"word": "也许"}, {"word": "大概"}]
    assert all(h.replacement is None and h.reason is None for h in hits)


def test_vague_words_not_hit() -> None:
    assert check("包裹明天下午三点前送达，我会全程跟进。", RULESET).hits == []


# --- long sentences ------------------------------------------------------------------------


def test_long_sentence_hit() -> None:
    text = "好的。这一句话明显超过了十个字的限制呢！短句。"
    (hit,) = check(text, SHORT_SENTENCES).hits
    assert hit.rule == "long-sentence"
    assert hit.quote == "这一句话明显超过了十个字的限制呢"
    assert text[hit.start:hit.end] == hit.quote
    assert hit.detail == {"chars": 16, "limit": 10}


def test_sentence_at_the_limit_is_not_hit() -> None:
    assert check("一二三四五六七八九十。一二三四五六七八九十", SHORT_SENTENCES).hits == []


@pytest.mark.parametrize("end", ["。", "！", "？", "!", "?", "；", ";", "\n"])
def test_sentence_ends(end: str) -> None:
    assert check(f"一二三四五六{end}七八九十一二", SHORT_SENTENCES).hits == []
    assert rules_of(check(f"一二三四五六七八九十一{end}好", SHORT_SENTENCES)) == ["long-sentence"]


def test_commas_do_not_end_a_sentence() -> None:
    (hit,) = check("一二三，四五六，七八九，十", SHORT_SENTENCES).hits
    assert hit.detail == {"chars": 13, "limit": 10}


def test_long_sentence_span_leaves_out_surrounding_whitespace() -> None:
    text = "好。  一二三四五六七八九十十一  \n"
    (hit,) = check(text, SHORT_SENTENCES).hits
    assert hit.quote == "一二三四五六七八九十十一"
    assert (hit.start, hit.end) == (4, 16)


def test_default_sentence_limit_is_60() -> None:
    assert check("好" * 60 + "。", Ruleset()).hits == []
    assert rules_of(check("好" * 61 + "。", Ruleset())) == ["long-sentence"]


# --- required elements ---------------------------------------------------------------------

REQUIRE = [["您好", "你好"], ["抱歉", "对不起"]]


def test_missing_element_hit() -> None:
    result = check("您好，请问有什么可以帮您？", RULESET, require=REQUIRE)
    (hit,) = result.hits
    assert hit == Hit("missing-element", 0, 0, "", None, None,
                      {"group": 1, "alternatives": ["抱歉", "对不起"]})
    assert not result.passed
    assert result.score == 75


def test_every_missing_group_is_a_hit() -> None:
    hits = check("请问有什么可以帮您？", RULESET, require=REQUIRE).hits
    assert [h.detail["group"] for h in hits] == [0, 1]


@pytest.mark.parametrize("text", ["你好，对不起让您久等了。", "您好！非常抱歉让您久等了。"])
def test_any_alternative_satisfies_a_group(text: str) -> None:
    assert check(text, RULESET, require=REQUIRE).hits == []


@pytest.mark.parametrize(
    ("alternative", "text"),
    [
        ("SKU", "请提供商品的sku编码。"),
        ("SKU", "请提供商品的ＳＫＵ编码。"),
        ("sku", "请提供商品的Ｓｋｕ编码。"),
        ("ＳＫＵ", "请提供商品的SKU编码。"),
        ("30秒", "我们会在３０秒内回复。"),
        ("30秒", "我们会在 30 秒内回复。"),
        ("30 秒", "我们会在30秒内回复。"),
        ("您好！", "您好!请问有什么可以帮您"),
        ("您好!", "您好！请问有什么可以帮您"),
        ("订单号", "请提供订单\u3000号。"),
    ],
)
def test_required_elements_tolerate_width_case_and_spaces(alternative: str, text: str) -> None:
    assert check(text, Ruleset(), require=[[alternative]]).hits == []


def test_required_element_is_not_found_in_other_words() -> None:
    assert rules_of(check("请提供订单。", RULESET, require=[["订单号"]])) == ["missing-element"]


@pytest.mark.parametrize(
    ("require", "message"),
    [
        ([[]], "require[0]: must be a non-empty list of alternatives"),
        (["您好"], "require[0]: must be a non-empty list of alternatives"),
        ([["您好"], ["抱歉", " "]], "require[1][1]: must be non-empty text"),
        ([["您好", None]], "require[0][1]: must be non-empty text"),
    ],
)
def test_invalid_require(require: list[list[str]], message: str) -> None:
    with pytest.raises(RulesError) as caught:
        check(GOOD, RULESET, require=require)
    assert str(caught.value) == message


# --- too long ------------------------------------------------------------------------------


def test_at_max_chars_is_not_too_long() -> None:
    assert check("  一二三四五六七八九十 \n", RULESET, max_chars=10).hits == []


def test_too_long_hit_spans_the_excess() -> None:
    text = "  一二三四五六七八九十十一十二 \n"
    result = check(text, RULESET, max_chars=10)
    (hit,) = result.hits
    assert hit.rule == "too-long"
    assert hit.quote == "十一十二"
    assert text[hit.start:hit.end] == hit.quote
    assert hit.detail == {"chars": 14, "limit": 10}
    assert result.score == 80
    assert not result.passed


@pytest.mark.parametrize("max_chars", [0, -5, 1.5, "10", True])
def test_invalid_max_chars(max_chars: object) -> None:
    with pytest.raises(RulesError, match=r"^max_chars: must be a whole number of at least 1$"):
        check(GOOD, RULESET, max_chars=max_chars)  # type: ignore[arg-type]


# --- jargon ratio --------------------------------------------------------------------------


def test_jargon_ratio_hit() -> None:
    text = "您的SKU已经拦截，工单号稍后发您。"
    result = check(text, RULESET)
    (hit,) = result.hits
    assert (hit.rule, hit.start, hit.end, hit.quote) == ("jargon-ratio", 0, 0, "")
    # SKU + 工单 = 5 characters of 16 (您的SKU已经拦截 + 工单号稍后发您; punctuation left out)
    assert hit.detail == {"ratio": 0.3125, "limit": 0.05, "jargon_chars": 5, "chars": 16,
                          "terms": ["SKU", "工单"], "spans": [[2, 5], [10, 12]]}
    assert [text[s:e] for s, e in hit.detail["spans"]] == ["SKU", "工单"]
    assert result.score == 90
    assert result.passed


def test_jargon_ratio_at_the_limit_is_not_hit() -> None:
    assert check("工单" + "好" * 38, RULESET).hits == []  # 2 / 40 = 0.05
    assert rules_of(check("工单" + "好" * 37, RULESET)) == ["jargon-ratio"]  # 2 / 39


def test_jargon_terms_ignore_case_and_width() -> None:
    (hit,) = check("请核对sku和ＳＬＡ。", RULESET).hits
    assert hit.detail["terms"] == ["SKU", "SLA"]
    assert hit.detail["jargon_chars"] == 6


def test_no_glossary_term_no_jargon_hit() -> None:
    assert check("请核对商品编码和时效承诺。", RULESET).hits == []


# --- spans ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "您必须提供订单号，大概明天到。",
        "ＯＫ吧？这件不能给您退，我们规定的，可能吧！",
        "  \n您必须\t这不归我管。应该吧\r\n无法办理",
        "İ您必须İ可能",  # a character that lower-cases to two must not shift offsets
        "这样ｏｋ吧" * 50 + "，一二三四五六七八九十" * 10,
    ],
)
def test_quote_is_always_the_text_at_the_span(text: str) -> None:
    result = check(text, RULESET, max_chars=20)
    assert result.hits
    for hit in result.hits:
        assert text[hit.start:hit.end] == hit.quote
        assert 0 <= hit.start <= hit.end <= len(text)


def test_letters_that_lower_case_by_context() -> None:
    # str.lower() turns Σ into σ or, at the end of a word, ς: a term must fold the same everywhere.
    ruleset = Ruleset.from_dict({"glossary": ["ΟΔΟΣ"]})
    (hit,) = check("ΟΔΟΣ ΟΔΟΣΑ", ruleset).hits
    assert hit.detail["spans"] == [[0, 4], [5, 9]]


def test_hits_are_in_text_order() -> None:
    text = "可能吧。您必须登录，应该没问题。"
    hits = check(text, RULESET).hits
    assert [h.quote for h in hits] == ["可能", "您必须", "应该"]


# --- score and passed ----------------------------------------------------------------------


def test_weights_cover_every_rule() -> None:
    assert WEIGHTS == {"forbidden-phrase": 30, "missing-element": 25, "too-long": 20,
                       "vague-word": 10, "jargon-ratio": 10, "long-sentence": 5}
    assert PASS_SCORE == 60


@pytest.mark.parametrize(
    ("text", "score", "passed"),
    [
        (GOOD, 100, True),
        ("大概明天到。", 90, True),
        ("可能、应该、大概、也许。", 60, True),  # four vague words: still passes
        ("可能、应该、大概、也许、差不多。", 50, False),  # five: below the pass score
        ("好" * 61, 95, True),
        ("您必须登录。", 70, False),  # a forbidden phrase never passes
        ("您必须、您必须、您必须、您必须。", 0, False),  # floor at 0
    ],
)
def test_score_and_passed(text: str, score: int, passed: bool) -> None:
    result = check(text, RULESET)
    assert result.score == score
    assert result.passed is passed
    assert result.score == max(0, 100 - sum(WEIGHTS[h.rule] for h in result.hits))


def test_to_dict_is_plain_json_data() -> None:
    result = check("您必须提供SKU，大概明天到。", RULESET, require=[["抱歉"]], max_chars=5)
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["score"] == result.score and data["passed"] is False
    assert [hit["rule"] for hit in data["hits"]] == rules_of(result)
    assert data["hits"][0] == {"rule": "missing-element", "start": 0, "end": 0, "quote": "",
                               "replacement": None, "reason": None,
                               "detail": {"group": 0, "alternatives": ["抱歉"]}}


def test_hits_are_hashable() -> None:
    assert len(set(check("您必须，您必须", RULESET).hits)) == 2


# --- ignored spans -------------------------------------------------------------------------

BAD_EXAMPLE = "反面示例：您必须提供订单号，可能明天到。\n"
RIGHT = "正确说法：我们建议您提供订单号，您必须"


def test_hits_inside_ignored_spans_are_dropped() -> None:
    text = BAD_EXAMPLE + RIGHT
    result = check(text, RULESET, ignore_spans=[(0, len(BAD_EXAMPLE))])
    (hit,) = result.hits
    assert hit.quote == "您必须"
    assert hit.start == text.rindex("您必须")
    assert text[hit.start:hit.end] == hit.quote
    assert len(check(text, RULESET).hits) == 3


def test_a_phrase_partly_ignored_is_not_hit() -> None:
    assert check("您必须登录", RULESET, ignore_spans=[(0, 1)]).hits == []


def test_wildcard_does_not_reach_over_an_ignored_span() -> None:
    assert check("不能给您退", RULESET, ignore_spans=[(2, 3)]).hits == []


@pytest.mark.parametrize(
    "spans", [[(-5, 3)], [(0, 1), (1, 3)], [(2, 3), (0, 2)], [(0, 3), (9, 2)], [(0, 2), (1, 3)]]
)
def test_ignored_spans_are_clamped_and_merged(spans: list[tuple[int, int]]) -> None:
    text = "您必须您必须"
    (hit,) = check(text, RULESET, ignore_spans=spans).hits
    assert (hit.start, hit.end) == (3, 6)


def test_ignored_spans_do_not_satisfy_required_elements() -> None:
    text = "反面示例：抱歉。\n正确说法：您好。"
    spans = [(0, text.index("\n"))]
    assert rules_of(check(text, RULESET, require=[["抱歉"]], ignore_spans=spans)) == ["missing-element"]
    assert check(text, RULESET, require=[["您好"]], ignore_spans=spans).hits == []


def test_required_element_is_not_joined_across_an_ignored_span() -> None:
    result = check("抱XX歉", RULESET, require=[["抱歉"]], ignore_spans=[(1, 3)])
    assert rules_of(result) == ["missing-element"]


def test_ignored_spans_do_not_count_for_length() -> None:
    text = "一二三四五【反面示例】六七八九十"
    start = text.index("【")
    spans = [(start, text.index("】") + 1)]
    assert check(text, RULESET, max_chars=10, ignore_spans=spans).hits == []
    result = check(text + "十一", RULESET, max_chars=10, ignore_spans=spans)
    (hit,) = result.hits
    assert hit.quote == "十一"
    assert hit.detail == {"chars": 12, "limit": 10}


def test_too_long_excess_starts_after_an_ignored_span() -> None:
    text = "一二三四五六七八九【略】十十一"
    spans = [(text.index("【"), text.index("】") + 1)]
    (hit,) = check(text, RULESET, max_chars=10, ignore_spans=spans).hits
    assert hit.quote == "十一"
    assert text[hit.start:hit.end] == "十一"


def test_ignored_spans_do_not_count_for_jargon() -> None:
    text = "反面示例：您的SKU已拦截，工单稍后发。\n" + "好" * 40
    spans = [(0, text.index("\n"))]
    assert check(text, RULESET, ignore_spans=spans).hits == []
    assert rules_of(check(text, RULESET)) == ["jargon-ratio"]


def test_ignored_spans_split_sentences() -> None:
    text = "一二三四五六【略】七八九十一二"
    spans = [(text.index("【"), text.index("】") + 1)]
    assert check(text, SHORT_SENTENCES, ignore_spans=spans).hits == []
    assert rules_of(check(text, SHORT_SENTENCES)) == ["long-sentence"]
