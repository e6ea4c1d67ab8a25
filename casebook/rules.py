"""Rules beyond the schema. Each has an id (shown in brackets after a message,
usable in a case's ignore_rules) and works on one case, so a run stays linear
in the number of files; the one cross-file rule (duplicate-id) is a dict lookup
in the loader.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.config import Config
from casebook.enums import Presence, PublicationMode
from casebook.inert import FORBIDDEN, character_name
from casebook.jpdate import Moment, long_date, weekday_mismatches
from casebook.model import MAX_CELL_TEXT, Case, joined_text
from casebook.ppc import assess
from casebook.quoting import quote

Loc = tuple[Any, ...]


@dataclass(frozen=True)
class Hit:
    loc: Loc
    severity: str
    message: str
    place: tuple[int, int] | None = None  # an exact line and column, when the rule read the text itself


@dataclass
class Context:
    case: Case
    text: str  # the file as written, comments included
    config: Config
    today: date
    node: Any = None  # the YAML node tree, to tell which field a place in the text belongs to
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def place(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset in the file text (a binary search, not a count)."""
        if not self._line_starts:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    check: Callable[[Context], Iterator[Hit]]
    ignorable: bool = True  # False for rules that keep the outputs working: ignore_rules cannot switch them off


RULES: list[Rule] = []
MAX_HITS_PER_RULE = 20  # per file: the rest is one line, so that a pathological file cannot flood a CI log


def rule(
    rule_id: str, title: str, ignorable: bool = True
) -> Callable[[Callable[[Context], Iterator[Hit]]], Callable[[Context], Iterator[Hit]]]:
    def register(function: Callable[[Context], Iterator[Hit]]) -> Callable[[Context], Iterator[Hit]]:
        RULES.append(Rule(rule_id, title, function, ignorable))
        return function

    return register


# Rules handled outside this module, listed so that `ignore_rules` and the README know them.
LOADER_RULES = {
    "file": "cases/ の中の事案ファイルでないもの・読めないもの（拡張子・権限・FIFO・リンク・大きさ）",
    "yaml": "YAMLとして読めない・文字コードが UTF-8 でない",
    "schema": "項目名・型・値がスキーマに合わない",
    "filename-id": "ファイル名と事案IDが一致しない",
    "duplicate-id": "同じ事案IDが複数のファイルにある",
    "folded-text": "「>」や複数行の引用なし文字列で、日本語の文中に空白が入る",
    "template": "casebook の templates/ のテンプレートが読めない・構文エラー・casebook の外を指す",
}

REQUIRED_FOR_FINAL = (
    "title",
    "unit_kind",
    "occurred",
    "category",
    "medium",
    "certainty",
    "persons",
    "summary",
    "causes",
    "responses",
    "secondary_damage",
    "measures",
    "publication",
)


def _missing(value: Any) -> bool:
    return value is None or value == [] or value == ""


@rule("required", "確定した事案に必要な項目がない（調査中なら警告）")
def _required(ctx: Context) -> Iterator[Hit]:
    for name in REQUIRED_FOR_FINAL:
        value = getattr(ctx.case, name)
        if _missing(value):
            if ctx.case.is_draft:
                yield Hit((name,), "warning", "未記入です（確定までに記入してください）")
            else:
                yield Hit((name,), "error", "確定した事案では必須です（未確定なら status: 調査中）")


def _dated(case: Case) -> Iterator[tuple[Loc, str, Moment]]:
    """Every dated fact after the discovery: reports, publication, notices."""
    for index, report in enumerate(case.reports):
        if report.date is not None:
            yield ("reports", index, "date"), f"{report.kind}の日付", report.date
    if case.publication and case.publication.date:
        yield ("publication", "date"), "個別公表日", case.publication.date
    if case.reported:
        yield ("reported",), "報告日", case.reported
    for section, label in (("press", "発表日"), ("council", "議会への報告日"), ("web", "掲載日")):
        notice = getattr(case, section)
        if notice is not None and notice.date is not None:
            yield (section, "date"), label, notice.date


@rule("date-order", "発生日 ≤ 判明日 ≤ 報告・届出・公表の日付")
def _date_order(ctx: Context) -> Iterator[Hit]:
    case = ctx.case
    occurred = case.occurred.first_day if case.occurred else None
    discovered = case.discovered.first_day if case.discovered else None
    if occurred and discovered and discovered < occurred:
        yield Hit(("discovered",), "error", f"判明日（{case.discovered.long()}）が発生日（{case.occurred.start.long()}）より前です")
    floor, floor_label = (discovered, "判明日") if discovered else (occurred, "発生日")
    if floor is None:
        return
    for loc, label, moment in _dated(case):
        if moment.last_day < floor:
            yield Hit(loc, "error", f"{label}（{moment.long()}）が{floor_label}より前です")


@rule("timeline-order", "経過が日付順に並んでいない")
def _timeline_order(ctx: Context) -> Iterator[Hit]:
    previous = None
    for index, entry in enumerate(ctx.case.timeline):
        if previous is not None and entry.date.sort_key < previous.sort_key:
            yield Hit(("timeline", index, "date"), "error", f"経過が日付順ではありません（{entry.date.long()} が {previous.long()} の後にあります）")
        previous = entry.date


@rule("weekday", "本文中の「11月9日（木）」の曜日が暦と合わない")
def _weekday(ctx: Context) -> Iterator[Hit]:
    # One regex pass over the file text finds every written weekday, comments included,
    # and gives the exact column; walking the data would cost more and lose the column.
    case = ctx.case
    near = case.occurred.first_day if case.occurred else (case.discovered.first_day if case.discovered else ctx.today)
    for mismatch in weekday_mismatches(ctx.text, near):
        line, column = ctx.place(mismatch.offset)
        day = mismatch.day
        yield Hit(
            (),
            "error",
            f"{quote(mismatch.written)}の曜日が違います（{day.year}年{day.month}月{day.day}日は{mismatch.actual}曜日）",
            place=(line, column),
        )


@rule("future-date", "今日より後の日付")
def _future(ctx: Context) -> Iterator[Hit]:
    case = ctx.case
    for loc, moment in ((("occurred",), case.occurred), (("discovered",), case.discovered)):
        if moment is not None and moment.first_day > ctx.today:
            yield Hit(loc, "error", "今日より後の日付です")
    for loc, label, moment in _dated(case):
        if moment.first_day > ctx.today:
            yield Hit(loc, "warning", f"{label}が今日より後の日付です（予定なら問題ありません）")


@rule("non-public-criterion", "非公表なのに非公表基準がない／公表なのに基準がある")
def _non_public(ctx: Context) -> Iterator[Hit]:
    publication = ctx.case.publication
    if publication is None:
        return
    if publication.mode == PublicationMode.NON_PUBLIC and publication.criterion is None:
        yield Hit(("publication", "mode"), "error", "非公表の事案には非公表基準 criterion（1〜4）が必要です")
    if publication.mode != PublicationMode.NON_PUBLIC and publication.criterion is not None:
        yield Hit(("publication", "criterion"), "warning", f"{publication.mode}の事案に非公表基準が書かれています")
    criteria = ctx.config.non_public_criteria
    if publication.criterion is not None and publication.criterion > len(criteria):
        yield Hit(("publication", "criterion"), "error", f"非公表基準は ({len(criteria)}) までです")


@rule("secondary-damage-detail", "二次被害が有なのに内容がない")
def _secondary(ctx: Context) -> Iterator[Hit]:
    damage = ctx.case.secondary_damage
    if damage is not None and damage.status == Presence.YES and not damage.detail:
        yield Hit(("secondary_damage", "status"), "error", "二次被害が「有」のときは内容 detail を書いてください")


@rule("persons-total", "延べ人数が実人数より少ない")
def _persons(ctx: Context) -> Iterator[Hit]:
    persons = ctx.case.persons
    if persons and isinstance(persons.actual, int) and isinstance(persons.total, int) and persons.total < persons.actual:
        yield Hit(("persons", "total"), "error", f"延べ人数（{persons.total}）が実人数（{persons.actual}）より少なくなっています")


@rule("ppc-report", "個人情報保護委員会への報告が必要なのに速報・確報がない／期限を過ぎている")
def _ppc(ctx: Context) -> Iterator[Hit]:
    assessment = assess(ctx.case, ctx.config)
    if not assessment.required:
        return
    why = "・".join(assessment.reasons)
    reports = [(i, r) for i, r in enumerate(ctx.case.reports) if r.kind.is_ppc]
    if ctx.case.discovered is None:
        yield Hit(("flags",), "warning", f"個人情報保護委員会への報告が必要です（{why}）が、判明日がないため期限を計算できません")
    dues = {"速報": assessment.preliminary_due, "確報": assessment.final_due}
    for kind, due in dues.items():
        matching = [(i, r) for i, r in reports if str(r.kind) == kind]
        if not matching:
            if kind == "速報" or (due is not None and ctx.today > due):
                when = f"（期限 {long_date(due)}）" if due else ""
                yield Hit(("reports",), "warning", f"個人情報保護委員会への{kind}がありません{when}（{why}）")
            continue
        for index, report in matching:
            if report.date is None:
                yield Hit(("reports", index), "warning", f"{kind}の日付がありません")
            elif due is not None and report.date.first_day > due:
                yield Hit(
                    ("reports", index, "date"),
                    "warning",
                    f"{kind}が期限（判明日から{(due - ctx.case.discovered.first_day).days}日、{long_date(due)}）を過ぎています",  # type: ignore[union-attr]
                )


def _scalars(node: Node | None) -> Iterator[ScalarNode]:
    """Every scalar of a node tree, keys included, without recursion (depth is bounded, but this costs nothing)."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, ScalarNode):
            yield current
        elif isinstance(current, SequenceNode):
            stack.extend(reversed(current.value))
        elif isinstance(current, MappingNode):
            for key, value in reversed(current.value):
                stack.extend((value, key))


_DELETE = "削除してください"
_CHARACTER_KINDS = {
    "\r": ("復帰（CR）", "改行は「|」のブロックで書いてください"),
    "\x1b": ("エスケープ（ESC）", _DELETE),
    "\u2028": ("行区切り文字", "改行は「|」のブロックで書いてください"),
    "\u2029": ("段落区切り文字", "改行は「|」のブロックで書いてください"),
}
_CHARACTER_CLASSES: list[tuple[Callable[[int], bool], tuple[str, str]]] = [
    (lambda code: code < 0xA0, ("制御文字", _DELETE)),
    (lambda code: 0x202A <= code <= 0x2069, ("表示の向きを変える文字", _DELETE)),
    (lambda code: True, ("文字として使えない符号", _DELETE)),
]


@rule("control-character", "本文に制御文字・表示順を変える文字がある（出力を壊すため除外できません）", ignorable=False)
def _control_characters(ctx: Context) -> Iterator[Hit]:
    for scalar in _scalars(ctx.node):
        found = FORBIDDEN.search(scalar.value)
        if found:
            char = found.group(0)
            what, fix = _CHARACTER_KINDS.get(char) or next(kind for test, kind in _CHARACTER_CLASSES if test(ord(char)))
            yield Hit(
                (),
                "error",
                f"{what} {character_name(char)} が含まれています。表・端末・CI のログを壊すため使えません（{fix}）",
                place=(scalar.start_mark.line + 1, scalar.start_mark.column + 1),
            )


_CELL_FIELDS = ("causes", "responses", "measures")


@rule("text-length", f"1つの欄の文字数が表計算ソフトのセルの上限（{MAX_CELL_TEXT:,}文字）を超える（除外できません）", ignorable=False)
def _text_length(ctx: Context) -> Iterator[Hit]:
    for scalar in _scalars(ctx.node):
        if len(scalar.value) > MAX_CELL_TEXT:
            yield Hit(
                (),
                "error",
                f"{len(scalar.value):,}文字あります。表（xlsx）の1つのセルは{MAX_CELL_TEXT:,}文字までです",
                place=(scalar.start_mark.line + 1, scalar.start_mark.column + 1),
            )
    for name in _CELL_FIELDS:
        length = len(joined_text(getattr(ctx.case, name)))
        if length > MAX_CELL_TEXT:
            yield Hit((name,), "error", f"項目を「・」でつないだ一覧表のセルが{length:,}文字になります（{MAX_CELL_TEXT:,}文字まで）")


@rule("period-basis", "集計基準日（casebook.yaml の period_basis）がなく、報告書の期間に振り分けられない")
def _period_basis(ctx: Context) -> Iterator[Hit]:
    basis = str(ctx.config.period_basis)
    name = {"発生日": "occurred", "判明日": "discovered", "報告日": "reported"}[basis]
    if name in REQUIRED_FOR_FINAL or ctx.case.basis_date(basis) is not None:
        return  # a missing 発生日 is already named by the required rule
    if ctx.case.is_draft:
        yield Hit((name,), "warning", f"{basis}がないため、どの期間の報告書に入るか決まりません（報告書を作るときは{basis}が必要です）")
    else:
        yield Hit((name,), "error", f"報告書は{basis}で期間に振り分けます（casebook.yaml の period_basis）。確定した事案には{basis}が必要です")


# --- privacy guard: the casebook must not itself hold the personal data of the people affected ---

# Fields where a name or a phone number is the public body's own, published on purpose.
PUBLIC_CONTACT_FIELDS: tuple[Loc, ...] = (("contacts",), ("press", "contacts"), ("apology", "signer"), ("disciplinary_actions",))


def _my_number_check_digit(digits: str) -> bool:
    """個人番号の検査用数字 (番号法施行令): only 12-digit numbers that pass it are shaped like a マイナンバー."""
    body, check = digits[:11], int(digits[11])
    total = sum(int(d) * (n + 1 if n <= 6 else n - 5) for n, d in enumerate(reversed(body), 1))
    remainder = total % 11
    return check == (0 if remainder <= 1 else 11 - remainder)


# Each finder yields (offset, text) of what looks like personal data. Every scan is linear in the
# length of the file: finders start from a cheap anchor (「@」, 「番地」, 「様」…) and look at a bounded
# window around it, because a pattern that starts with an unbounded character class is retried at
# every position (a 1 MB run of letters before an 「@」 took minutes).
_EMAIL_LOCAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+")
_EMAIL_LOCAL_MAX = 64
_EMAIL_DOMAIN_MAX = 255
_EMAIL_AT = re.compile(r"(?<=[A-Za-z0-9._%+-])@(?=[A-Za-z0-9-])")
_PHONE = re.compile(r"0[0-9]{1,4}[-ー－(（][0-9]{1,4}[-ー－)）][0-9]{3,4}|0[5789]0[0-9]{8}")
_PHONE_PAREN = re.compile(r"[(（]0[0-9]{1,4}[)）][0-9]{1,4}[-ー－][0-9]{3,4}")
_TWELVE_DIGITS = re.compile(r"([0-9]{4})[ -]?([0-9]{4})[ -]?([0-9]{4})")
_ADDRESS_NUMBER = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十百千")
_ADDRESS_NUMBER_MAX = 12
_NOT_A_NAME = "者員長方客民人係課部局様"  # 申請者様, 職員さん, 担当課長様…: a role, not a name
_HONORIFIC = re.compile(rf"(?<=[一-龥々ァ-ヶー])(?<![{_NOT_A_NAME}])(?:様|氏(?!名)|さん)")
_KANJI = re.compile(r"[一-龥々]")
_KATAKANA = re.compile(r"[ァ-ヶー]")
_DIGIT_OR_HYPHEN = frozenset("0123456789０１２３４５６７８９-")


def _standalone(text: str, start: int, end: int) -> bool:
    """Not part of a longer run of digits and hyphens, such as an id 2025-04-25-123abc or an ISO date."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return before not in _DIGIT_OR_HYPHEN and after not in _DIGIT_OR_HYPHEN


def _find_emails(text: str) -> Iterator[tuple[int, str]]:
    for anchor in _EMAIL_AT.finditer(text):
        at = anchor.start()
        start = at
        while start > 0 and at - start < _EMAIL_LOCAL_MAX and text[start - 1] in _EMAIL_LOCAL:
            start -= 1
        domain = _EMAIL_DOMAIN.match(text, at + 1, min(len(text), at + 1 + _EMAIL_DOMAIN_MAX))
        if start < at and domain:
            yield start, text[start : domain.end()]


def _find_phones(text: str) -> Iterator[tuple[int, str]]:
    for m in _PHONE.finditer(text):
        if _standalone(text, m.start(), m.end()):
            yield m.start(), m.group(0)
    if "(0" in text or "（0" in text:
        yield from ((m.start(), m.group(0)) for m in _PHONE_PAREN.finditer(text) if _standalone(text, m.start(), m.end()))


def _find_my_numbers(text: str) -> Iterator[tuple[int, str]]:
    for m in _TWELVE_DIGITS.finditer(text):
        if _standalone(text, m.start(), m.end()) and _my_number_check_digit("".join(m.groups())):
            yield m.start(), m.group(0)


def _find_addresses(text: str) -> Iterator[tuple[int, str]]:
    anchor = text.find("番地")
    while anchor != -1:
        start = anchor
        while start > 0 and anchor - start < _ADDRESS_NUMBER_MAX and text[start - 1] in _ADDRESS_NUMBER:
            start -= 1
        if start < anchor:
            yield start, text[start : anchor + 2]
        anchor = text.find("番地", anchor + 2)


def _find_names(text: str) -> Iterator[tuple[int, str]]:
    """Two to four kanji or two to eight katakana right before 様・氏・さん."""
    for honorific in _HONORIFIC.finditer(text):
        end = honorific.start()
        script, longest = (_KANJI, 4) if _KANJI.match(text, end - 1) else (_KATAKANA, 8)
        start = end
        while start > 0 and end - start < longest and script.match(text, start - 1):
            start -= 1
        name = text[start:end]
        if len(name) >= 2:
            yield start, text[start : honorific.end()]


PRIVACY: dict[str, tuple[str, Callable[[str], Iterator[tuple[int, str]]]]] = {
    "privacy-email": ("メールアドレス", _find_emails),
    "privacy-phone": ("電話番号", _find_phones),
    "privacy-my-number": ("マイナンバーの形の12桁の数字", _find_my_numbers),
    "privacy-address": ("番地までの住所", _find_addresses),
    "privacy-name": ("様・氏・さん付きの氏名", _find_names),
}


def _privacy(rule_id: str) -> Callable[[Context], Iterator[Hit]]:
    label, find = PRIVACY[rule_id]

    def check(ctx: Context) -> Iterator[Hit]:
        from casebook.yamlload import path_at

        allowed = set(ctx.config.privacy_allow)
        for offset, found in find(ctx.text):
            if found in allowed:
                continue
            line, column = ctx.place(offset)
            loc = path_at(ctx.node, line, column) if ctx.node is not None else ()
            if any(loc[: len(prefix)] == prefix for prefix in PUBLIC_CONTACT_FIELDS):
                continue
            # The text found is never repeated: a message must not copy personal data into a CI log.
            yield Hit(
                (),
                "warning",
                f"本人の{label}のようです（{len(found)}文字）。本人の個人情報は事案ファイルに書かないでください"
                "（公的な連絡先なら casebook.yaml の privacy_allow に追加）",
                place=(line, column),
            )

    return check


for _rule_id, (_label, _) in PRIVACY.items():
    RULES.append(Rule(_rule_id, f"事案の本文に本人の{_label}らしいものがある", _privacy(_rule_id)))


def run_rules(case: Case, text: str, config: Config, today: date, node: Any = None) -> Iterator[tuple[str, Hit]]:
    context = Context(case, text, config, today, node)
    for item in RULES:
        if item.ignorable and case.ignores(item.id):
            continue
        for count, hit in enumerate(item.check(context), 1):
            if count > MAX_HITS_PER_RULE:
                yield item.id, Hit(hit.loc, hit.severity, f"同じ問題がほかにもあります（{MAX_HITS_PER_RULE}件まで表示）", hit.place)
                break
            yield item.id, hit


def unignorable() -> frozenset[str]:
    return frozenset(r.id for r in RULES if not r.ignorable)


def all_rule_ids() -> dict[str, str]:
    return {**LOADER_RULES, **{r.id: r.title for r in RULES}}
