"""Ruleset.from_dict: the wording.yml data, its defaults, and the errors that name a key path.

Plain pytest (assert, parametrize, raises) so the same file also runs inside Pyodide.
"""

from __future__ import annotations

from typing import Any

import pytest
import rules
from rules import Forbidden, RulesError, Ruleset

WORDING: dict[str, Any] = {
    "forbidden": [
        {"phrase": "您必须", "replacement": "我们建议", "reason": "命令口吻，让客户觉得被指挥"},
        {"phrase": "我们规定", "replacement": "为了保障您的权益", "reason": "把规则当挡箭牌"},
        {"phrase": "  无法办理 ", "replacement": "需要……协助"},
        {"phrase": "这不归我管", "replacement": "我来帮您联系负责的同事"},
        {"phrase": "不能……退"},
    ],
    "vague": ["可能", "应该", "大概", "也许", "差不多"],
    "glossary": ["SKU", "SLA", "工单", "拦截件"],
    "limits": {"max_sentence_chars": 60, "max_jargon_ratio": 0.05},
}


def test_from_dict_reads_every_key() -> None:
    ruleset = Ruleset.from_dict(WORDING)
    assert ruleset.forbidden[0] == Forbidden("您必须", "我们建议", "命令口吻，让客户觉得被指挥")
    assert ruleset.forbidden[2] == Forbidden("无法办理", "需要……协助", None)  # phrase trimmed
    assert ruleset.forbidden[4] == Forbidden("不能……退", None, None)
    assert ruleset.vague == ("可能", "应该", "大概", "也许", "差不多")
    assert ruleset.glossary == ("SKU", "SLA", "工单", "拦截件")
    assert ruleset.max_sentence_chars == 60
    assert ruleset.max_jargon_ratio == 0.05


@pytest.mark.parametrize(
    "data", [None, {}, {"forbidden": None, "vague": None, "glossary": None, "limits": None}]
)
def test_every_key_is_optional(data: dict[str, Any] | None) -> None:
    ruleset = Ruleset.from_dict(data)
    assert ruleset == Ruleset()
    assert ruleset.forbidden == () and ruleset.vague == () and ruleset.glossary == ()
    assert ruleset.max_sentence_chars == 60
    assert ruleset.max_jargon_ratio == 0.05


def test_one_limit_keeps_the_default_of_the_other() -> None:
    ruleset = Ruleset.from_dict({"limits": {"max_jargon_ratio": 0}})
    assert ruleset.max_jargon_ratio == 0
    assert ruleset.max_sentence_chars == 60


def test_same_data_gives_equal_and_hashable_rulesets() -> None:
    first = Ruleset.from_dict(WORDING)
    second = Ruleset.from_dict(WORDING)
    assert first == second
    assert hash(first) == hash(second)


def test_package_exports() -> None:
    assert isinstance(rules.__version__, str) and rules.__version__
    for name in ("Ruleset", "RulesError", "Hit", "Result", "check"):
        assert name in rules.__all__
        assert hasattr(rules, name)


KEYS = "forbidden, vague, glossary, limits"
PHRASE_KEYS = "phrase, replacement, reason"
LIMIT_KEYS = "max_sentence_chars, max_jargon_ratio"


@pytest.mark.parametrize(
    ("data", "message", "loc"),
    [
        ([], f"(root): must be a mapping with the keys {KEYS}", ()),
        ("forbidden: []", f"(root): must be a mapping with the keys {KEYS}", ()),
        ({"forbiden": []}, f"forbiden: unknown key; expected one of {KEYS}", ("forbiden",)),
        ({"forbidden": "您必须"}, "forbidden: must be a list", ("forbidden",)),
        ({"forbidden": ["您必须"]}, f"forbidden[0]: must be a mapping with the keys {PHRASE_KEYS}",
         ("forbidden", 0)),
        ({"forbidden": [{"phrase": "甲"}, {"phrase": "乙"}, {"phrase": "  "}]},
         "forbidden[2].phrase: must be non-empty text", ("forbidden", 2, "phrase")),
        ({"forbidden": [{"replacement": "我们建议"}]}, "forbidden[0].phrase: must be non-empty text",
         ("forbidden", 0, "phrase")),
        ({"forbidden": [{"phrase": 110}]}, "forbidden[0].phrase: must be non-empty text",
         ("forbidden", 0, "phrase")),
        ({"forbidden": [{"phrase": "您必须", "replace": "我们建议"}]},
         f"forbidden[0].replace: unknown key; expected one of {PHRASE_KEYS}", ("forbidden", 0, "replace")),
        ({"forbidden": [{"phrase": "您必须", "replacement": ""}]},
         "forbidden[0].replacement: must be non-empty text", ("forbidden", 0, "replacement")),
        ({"forbidden": [{"phrase": "您必须", "reason": ["命令"]}]},
         "forbidden[0].reason: must be non-empty text", ("forbidden", 0, "reason")),
        ({"forbidden": [{"phrase": "……退"}]},
         "forbidden[0].phrase: a wildcard (…… or ...) needs text on both sides", ("forbidden", 0, "phrase")),
        ({"forbidden": [{"phrase": "不能..."}]},
         "forbidden[0].phrase: a wildcard (…… or ...) needs text on both sides", ("forbidden", 0, "phrase")),
        ({"forbidden": [{"phrase": "……"}]},
         "forbidden[0].phrase: a wildcard (…… or ...) needs text on both sides", ("forbidden", 0, "phrase")),
        ({"forbidden": [{"phrase": "不能……"}, {"phrase": "也不……换"}]},
         "forbidden[0].phrase: a wildcard (…… or ...) needs text on both sides", ("forbidden", 0, "phrase")),
        ({"forbidden": [{"phrase": "您必须"}, {"phrase": "我们规定"}, {"phrase": "您必须"}]},
         "forbidden[2].phrase: duplicate of forbidden[0].phrase", ("forbidden", 2, "phrase")),
        ({"forbidden": [{"phrase": "不能……退"}, {"phrase": "不能...退"}]},
         "forbidden[1].phrase: duplicate of forbidden[0].phrase", ("forbidden", 1, "phrase")),
        ({"forbidden": [{"phrase": "OK吧"}, {"phrase": "ｏｋ吧"}]},
         "forbidden[1].phrase: duplicate of forbidden[0].phrase", ("forbidden", 1, "phrase")),
        ({"vague": "可能"}, "vague: must be a list", ("vague",)),
        ({"vague": ["可能", ""]}, "vague[1]: must be non-empty text", ("vague", 1)),
        ({"vague": ["可能", None]}, "vague[1]: must be non-empty text", ("vague", 1)),
        ({"vague": ["可能", "应该", "可能"]}, "vague[2]: duplicate of vague[0]", ("vague", 2)),
        ({"glossary": [1]}, "glossary[0]: must be non-empty text", ("glossary", 0)),
        ({"glossary": ["SKU", "sku"]}, "glossary[1]: duplicate of glossary[0]", ("glossary", 1)),
        ({"glossary": ["SKU", "ＳＫＵ"]}, "glossary[1]: duplicate of glossary[0]", ("glossary", 1)),
        ({"limits": [60]}, f"limits: must be a mapping with the keys {LIMIT_KEYS}", ("limits",)),
        ({"limits": {"max_chars": 60}}, f"limits.max_chars: unknown key; expected one of {LIMIT_KEYS}",
         ("limits", "max_chars")),
        ({"limits": {"max_sentence_chars": 0}},
         "limits.max_sentence_chars: must be a whole number of at least 1", ("limits", "max_sentence_chars")),
        ({"limits": {"max_sentence_chars": "60"}},
         "limits.max_sentence_chars: must be a whole number of at least 1", ("limits", "max_sentence_chars")),
        ({"limits": {"max_sentence_chars": 60.5}},
         "limits.max_sentence_chars: must be a whole number of at least 1", ("limits", "max_sentence_chars")),
        ({"limits": {"max_sentence_chars": True}},
         "limits.max_sentence_chars: must be a whole number of at least 1", ("limits", "max_sentence_chars")),
        ({"limits": {"max_jargon_ratio": 1.5}},
         "limits.max_jargon_ratio: must be a number from 0 to 1", ("limits", "max_jargon_ratio")),
        ({"limits": {"max_jargon_ratio": -0.1}},
         "limits.max_jargon_ratio: must be a number from 0 to 1", ("limits", "max_jargon_ratio")),
        ({"limits": {"max_jargon_ratio": "5%"}},
         "limits.max_jargon_ratio: must be a number from 0 to 1", ("limits", "max_jargon_ratio")),
    ],
)
def test_invalid_data_names_the_key_path(data: Any, message: str, loc: tuple[str | int, ...]) -> None:
    with pytest.raises(RulesError) as caught:
        Ruleset.from_dict(data)
    assert str(caught.value) == message
    assert caught.value.loc == loc
    assert message.endswith(caught.value.problem)


def test_rules_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^vague\[0\]: must be non-empty text$"):
        Ruleset.from_dict({"vague": [" "]})


def test_direct_construction_is_validated_too() -> None:
    with pytest.raises(RulesError, match=r"^forbidden\[1\]\.phrase: must be non-empty text$"):
        Ruleset(forbidden=(Forbidden("您必须"), Forbidden("")))
    with pytest.raises(RulesError, match=r"^limits\.max_sentence_chars: "):
        Ruleset(max_sentence_chars=0)
