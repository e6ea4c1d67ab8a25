"""Privacy guard: the casebook must not itself hold the personal data of the people affected.

Each rule scans the file text (comments included) for something shaped like personal data and
warns; the text found is never repeated in a message, so a CI log cannot copy it. Public contact
fields (the body's own phone numbers and staff names) are not scanned. Every scan is linear in the
length of the file (`make bench` times 1 MB files built to be slow).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from casebook.rules.base import Context, Hit, Loc, rule

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
# 「（03）1234-5678」 from its 0 (a plain search for that character, where 「(0」 and 「（0」 were two more passes over
# the text); the bracket before it is looked at then. No match of this holds an opening bracket, so a match with none
# before it never takes the 「(」 of another.
_PHONE_PAREN_TAIL = re.compile(r"0[0-9]{1,4}[)）][0-9]{1,4}[-ー－][0-9]{3,4}")
# re tests a class at every character of the text (the costliest scan of a case file), so the twelve digits are looked
# for in the text's shape: each character as d (an ASCII digit), s (a space or a hyphen) or x, one byte each (encode puts
# 「?」 for every other character and translate maps them all, both in C), where 「dddds?dddds?dddd」 is led by a literal.
# The shape has the text's offsets, and a match in it is where [0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4} matches the text.
_DIGIT_SHAPES = bytes(ord("d") if chr(code).isdigit() else ord("s") if chr(code) in " -" else ord("x") for code in range(128)) + b"x" * 128
_TWELVE_DIGIT_SHAPE = re.compile(rb"dddds?dddds?dddd")
_ADDRESS_NUMBER = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十百千")
_ADDRESS_NUMBER_MAX = 12
_NOT_A_NAME = "者員長方客民人係課部局様"  # 申請者様, 職員さん, 担当課長様…: a role, not a name
# The honorifics are found with str.find (a pattern that leads with lookbehinds is tried at every character of
# the file, and even 「様|氏|さん」 tests a character class at each); the character before each one (a kanji or
# katakana of a name, not of a role) is looked at then.
_HONORIFICS = ("様", "氏", "さん")
_NAME_END = re.compile(rf"(?![{_NOT_A_NAME}])[一-龥々ァ-ヶー]")
_KANJI = re.compile(r"[一-龥々]")
_KATAKANA = re.compile(r"[ァ-ヶー]")
_DIGIT_OR_HYPHEN = frozenset("0123456789０１２３４５６７８９-")


def _standalone(text: str, start: int, end: int) -> bool:
    """Not part of a longer run of digits and hyphens, such as an id 2025-04-25-123abc or an ISO date."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return before not in _DIGIT_OR_HYPHEN and after not in _DIGIT_OR_HYPHEN


def find_emails(text: str) -> Iterator[tuple[int, str]]:
    if "@" not in text:  # a substring search is far cheaper than the pattern's scan
        return
    for anchor in _EMAIL_AT.finditer(text):
        at = anchor.start()
        start = at
        while start > 0 and at - start < _EMAIL_LOCAL_MAX and text[start - 1] in _EMAIL_LOCAL:
            start -= 1
        domain = _EMAIL_DOMAIN.match(text, at + 1, min(len(text), at + 1 + _EMAIL_DOMAIN_MAX))
        if start < at and domain:
            yield start, text[start : domain.end()]


def find_phones(text: str) -> Iterator[tuple[int, str]]:
    for m in _PHONE.finditer(text):
        if _standalone(text, m.start(), m.end()):
            yield m.start(), m.group(0)
    for m in _PHONE_PAREN_TAIL.finditer(text):
        start = m.start() - 1
        if start >= 0 and text[start] in "(（" and _standalone(text, start, m.end()):
            yield start, text[start : m.end()]


def find_my_numbers(text: str) -> Iterator[tuple[int, str]]:
    for m in _TWELVE_DIGIT_SHAPE.finditer(text.encode("ascii", "replace").translate(_DIGIT_SHAPES)):
        start, end = m.span()
        if _standalone(text, start, end) and _my_number_check_digit(text[start:end].replace(" ", "").replace("-", "")):
            yield start, text[start:end]


def find_addresses(text: str) -> Iterator[tuple[int, str]]:
    anchor = text.find("番地")
    while anchor != -1:
        start = anchor
        while start > 0 and anchor - start < _ADDRESS_NUMBER_MAX and text[start - 1] in _ADDRESS_NUMBER:
            start -= 1
        if start < anchor:
            yield start, text[start : anchor + 2]
        anchor = text.find("番地", anchor + 2)


def find_names(text: str) -> Iterator[tuple[int, str]]:
    """Two to four kanji or two to eight katakana right before 様・氏・さん."""
    for end, after in _honorifics(text):
        if not end or not _NAME_END.match(text, end - 1):
            continue
        script, longest = (_KANJI, 4) if _KANJI.match(text, end - 1) else (_KATAKANA, 8)
        start = end
        while start > 0 and end - start < longest and script.match(text, start - 1):
            start -= 1
        name = text[start:end]
        if len(name) >= 2:
            yield start, text[start:after]


def _honorifics(text: str) -> list[tuple[int, int]]:
    """Start and end of each 様, 氏 (not of 氏名) and さん, in the order of the text."""
    found = []
    for word in _HONORIFICS:
        at = text.find(word)
        while at >= 0:
            if word != "氏" or not text.startswith("名", at + 1):
                found.append((at, at + len(word)))
            at = text.find(word, at + 1)
    found.sort()
    return found


Finder = Callable[[str], Iterator[tuple[int, str]]]


def _scan(ctx: Context, label: str, find: Finder) -> Iterator[Hit]:
    for offset, found in find(ctx.text):
        if found in ctx.config.privacy_allow:
            continue
        line, column = ctx.place(offset)
        loc = ctx.places.path_at(line, column)  # one index of the file's tree for every rule that asks
        if any(loc[: len(prefix)] == prefix for prefix in PUBLIC_CONTACT_FIELDS):
            continue
        # The text found is never repeated: a message must not copy personal data into a CI log.
        yield Hit(
            None,
            "warning",
            f"本人の{label}のようです（{len(found)}文字）。本人の個人情報は事案ファイルに書かないでください"
            "（公的な連絡先なら casebook.yaml の privacy_allow に追加）",
            place=(line, column),
        )


@rule("privacy-email")
def privacy_email(ctx: Context) -> Iterator[Hit]:
    """事案の本文に本人のメールアドレスらしいものがある（警告）"""
    return _scan(ctx, "メールアドレス", find_emails)


@rule("privacy-phone")
def privacy_phone(ctx: Context) -> Iterator[Hit]:
    """事案の本文に本人の電話番号らしいもの（問合せ先欄以外）がある（警告）"""
    return _scan(ctx, "電話番号", find_phones)


@rule("privacy-my-number")
def privacy_my_number(ctx: Context) -> Iterator[Hit]:
    """事案の本文に検査用数字の合う12桁の番号（マイナンバーの形）がある（警告）"""
    return _scan(ctx, "マイナンバーの形の12桁の数字", find_my_numbers)


@rule("privacy-address")
def privacy_address(ctx: Context) -> Iterator[Hit]:
    """事案の本文に番地までの住所らしいものがある（警告）"""
    return _scan(ctx, "番地までの住所", find_addresses)


@rule("privacy-name")
def privacy_name(ctx: Context) -> Iterator[Hit]:
    """事案の本文に「様・氏・さん」のついた氏名らしいものがある（警告）"""
    return _scan(ctx, "様・氏・さん付きの氏名", find_names)
