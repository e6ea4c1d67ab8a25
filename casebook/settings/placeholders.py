"""The words a heading, a section title or a footnote of the report may hold ({期間}, {年度}, {月}…), what each one says
and its value for a period.

Each placeholder says one thing of the period, or a few that it alone says: {期間} 「令和7年度上半期」 is {年度} and {区分}
together, and {区分} names the months (上半期 is 4月～9月; of a month period it is 7月). A template that would say a thing
twice ({年度}{期間}: 「令和7年度令和7年度上半期」; {月}{開始月}) is refused when casebook.yaml is read, like an unknown name
or a brace without its pair, so no period can print it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from casebook.domain.periods import Period, parse_period
from casebook.safety.quoting import quote


@dataclass(frozen=True)
class Wording:
    """What the placeholders are filled from: one report's body, period and basis date."""

    organisation: str
    period: Period
    basis: str  # 発生日 | 判明日 | 報告日


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: str
    says: frozenset[str]  # what of the report it names (年度, 区分, 開始月, 終了月, 基準日, 団体名): no two of a template share one
    value: Callable[[Wording], str]


def _placeholder(name: str, meaning: str, says: set[str], value: Callable[[Wording], str]) -> Placeholder:
    return Placeholder(name, meaning, frozenset(says), value)


PLACEHOLDERS = (
    _placeholder("団体名", "casebook.yaml の organisation", {"団体名"}, lambda w: w.organisation),
    _placeholder(
        "期間",
        "期間の名前（年度・年を含む。月なら令和7年7月、範囲なら令和7年4月～9月）",
        {"年度", "区分", "開始月", "終了月"},
        lambda w: w.period.label,
    ),
    _placeholder(
        "年度",
        "期間の年度（年度の開始月が1月なら令和7年。年度の終わりをまたぐ範囲は令和6年度～令和7年度）",
        {"年度"},
        lambda w: w.period.fiscal_years_label,
    ),
    _placeholder(
        "区分",
        "年度の中での期間の名前: 上半期・第1四半期、月や範囲なら7月・4月～9月（年度全体なら空）",
        {"区分", "開始月", "終了月"},
        lambda w: w.period.part_label,
    ),
    _placeholder("月", "期間の月だけ。年は書かない（1か月なら7月）", {"開始月", "終了月"}, lambda w: w.period.month_label),
    _placeholder("開始月", "期間の最初の月", {"開始月"}, lambda w: w.period.first_month_label),
    _placeholder("終了月", "期間の最後の月", {"終了月"}, lambda w: w.period.last_month_label),
    _placeholder("基準日", "期間に振り分ける日付（period_basis）", {"基準日"}, lambda w: w.basis),
    _placeholder("基準", "基準日の「日」を除いた語（「4月～9月報告分」のように）", {"基準日"}, lambda w: w.basis.removesuffix("日")),
)
BY_NAME = {placeholder.name: placeholder for placeholder in PLACEHOLDERS}
NAMES = "、".join("{" + name + "}" for name in BY_NAME)

_FIELD = re.compile(r"\{([^{}]*)\}")
_WIDE = re.compile(r"｛([^｛｝]*)｝")


def names_in(template: str) -> list[str]:
    """The placeholders of a template in order; ValueError (in the user's words) for anything that is not one."""
    names = _FIELD.findall(template)
    for name in names:
        if name not in BY_NAME:
            raise ValueError(f"{quote('{' + name + '}')}は使えません。使える差し込み: {NAMES}")
    if "{" in _FIELD.sub("", template) or "}" in _FIELD.sub("", template):
        raise ValueError(
            f"{quote(template)}の「{{」と「}}」が対になっていません（差し込みは {{期間}} のように書きます。文字として書くなら全角の ｛ ｝）"
        )
    for name in _WIDE.findall(template):
        if name in BY_NAME:
            raise ValueError(f"{quote('｛' + name + '｝')}は差し込まれません（半角の {{{name}}} で書いてください）")
    return names


def example(name: str, code: str, start_month: int = 4) -> str:
    """The value of a placeholder for the period `code` (2025H1…) of the sample casebook (県, 発生日)."""
    return BY_NAME[name].value(Wording("県", parse_period(code, start_month), "発生日"))


def check_template(template: str) -> str:
    """The template if every placeholder is known and no two say the same thing (pydantic validator)."""
    seen: dict[str, str] = {}
    for name in names_in(template):
        for thing in sorted(BY_NAME[name].says):
            if thing in seen:
                raise ValueError(_repeated(seen[thing], name, thing))
            seen[thing] = name
    return template


_THINGS = {"区分": "上半期・下半期などの区分", "開始月": "月", "終了月": "月"}  # in a message; the rest by their own name


def _repeated(first: str, second: str, said: str) -> str:
    thing = _THINGS.get(said, said)
    if first == second:
        return f"{{{first}}}が2回あります（1つの行に同じ差し込みは1回です）"
    shown = "、".join(f"{{{n}}}は「{example(n, '2025H2')}」" for n in (first, second))
    return f"{{{first}}}と{{{second}}}は、どちらも{thing}を書きます（2025H2 なら {shown}）。どちらか一方にしてください"


def fill(template: str, wording: Wording) -> str:
    """The text with each {name} replaced (the template was checked when the config was read)."""
    return _FIELD.sub(lambda match: BY_NAME[match[1]].value(wording), template)
