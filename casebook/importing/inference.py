"""事案の分類 and 媒体 found in a case's text by the words clerks write for them: the table `new` and `check`
use to suggest a value by meaning (CLERK_WORDS), and the values themselves; 漏えいの区分 where the text says it
plainly (「個人情報が漏えいした」, 「漏えいのおそれ」).

The longest word found wins (誤送信 over 誤送), then the earliest. Tables say 「誤って別の事業者へ郵送した」 more
often than 誤送付: a word of the table that starts with 誤 (誤郵送, 誤送付) is also found as 誤って…郵送, its stem
a few characters after 「誤って」, and a word that ends in 誤り (同封誤り) as 誤って…同封.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from casebook.domain.vocabularies import CLERK_WORDS, Certainty, DefinedEnum

_NEAR = 24  # characters between 「誤って」 and the verb it goes with (誤って別事業者の担当者名を記載し、郵送)
_MISTAKENLY = re.compile(r"誤(?:って|つて)")
_CLAUSE_END = re.compile(r"[。\n]")


@dataclass(frozen=True)
class Inferred:
    value: DefinedEnum
    word: str  # the word found, as the comment and the output quote it


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _as_written(text: str, plain: str, start: int, end: int) -> str:
    """The words found, as the text writes them (NFKC, letters in their case) where folding kept its length."""
    normal = unicodedata.normalize("NFKC", text)
    return normal[start:end] if len(normal) == len(plain) else plain[start:end]


def _words(enum: type[DefinedEnum]) -> list[tuple[str, DefinedEnum]]:
    words = [(word, member) for member, listed in CLERK_WORDS.get(enum, {}).items() for word in listed]
    words += [(member.value, member) for member in enum if member.value != "その他"]
    return [(_plain(word), member) for word, member in words if len(word) >= 2]


def _stems(words: list[tuple[str, DefinedEnum]]) -> list[tuple[str, DefinedEnum]]:
    """What follows 「誤って」 in a sentence for each word: 誤送付 → 送付, 封入誤り → 封入 (誤って封入した)."""
    stems = []
    for word, member in words:
        if word.startswith("誤") and len(word) >= 3:
            stems.append((word[1:], member))
        elif word.endswith("誤り") and len(word) >= 4:
            stems.append((word[:-2], member))
    return stems


def infer(enum: type[DefinedEnum], texts: list[str]) -> Inferred | None:
    """The value the first text that names one names (texts in order of trust: 事案の概要, then 発生原因)."""
    words = _words(enum)
    stems = _stems(words)
    for text in texts:
        plain = _plain(text)
        found: list[tuple[int, int, str, DefinedEnum]] = []
        for word, member in words:
            position = plain.find(word)
            if position >= 0:
                found.append((-len(word), position, _as_written(text, plain, position, position + len(word)), member))
        if not found:
            for mistake in _MISTAKENLY.finditer(plain):
                window = _CLAUSE_END.split(plain[mistake.end() : mistake.end() + _NEAR], maxsplit=1)[0]
                for stem, member in stems:
                    position = window.find(stem)
                    if position >= 0:
                        found.append((0, position, _as_written(text, plain, mistake.start(), mistake.end() + position + len(stem)), member))
        if found:
            _, _, word, member = min(found, key=lambda item: (item[0], item[1]))
            return Inferred(member, word)
    return None


# 漏えいの区分 only from a sentence that says it: CLERK_WORDS's おそれ and 可能性 alone say it of anything
# (再発のおそれ), and 漏えい as a noun (漏えい防止, 漏えい事案) says nothing of the case.
_LEAK = "(?:漏えい|漏洩|漏せつ|流出)"
_MAYBE = "(?:おそれ|恐れ|可能性)"
_CERTAINTY = re.compile(
    rf"(?P<possible>{_LEAK}(?:した|している|する|の)?{_MAYBE})"
    rf"|(?P<leaked>{_LEAK}(?:した|している|しており|しました|し(?=[、,])|が確認され|(?=[)。]|$)))(?![(]?{_MAYBE})",
    re.MULTILINE,
)
_DENIED = re.compile(r"ない|無い|なし|無し|ありません|おらず|なかった")


_SUBJECT = 10  # characters before 漏えい quoted with it, back to the clause's start: 「個人情報が漏えいしたおそれ」


def _subject_start(plain: str, start: int) -> int:
    before = plain[max(0, start - _SUBJECT) : start]
    cut = max(before.rfind(mark) for mark in "、。()「」\n")
    return start - len(before) + cut + 1


def infer_certainty(texts: list[str]) -> Inferred | None:
    """漏えい or 漏えいのおそれ, from the first text that says one of them (and not both, and not denied:
    「漏えいした事実はない」)."""
    for text in texts:
        plain = unicodedata.normalize("NFKC", text)
        said: dict[Certainty, str] = {}
        for found in _CERTAINTY.finditer(plain):
            rest = _CLAUSE_END.split(plain[found.end() :], maxsplit=1)[0]
            if _DENIED.search(rest):
                continue
            member = Certainty.POSSIBLE if found["possible"] else Certainty.LEAKED
            said.setdefault(member, _as_written(text, plain, _subject_start(plain, found.start()), found.end()))
        if len(said) == 1:
            member, word = next(iter(said.items()))
            return Inferred(member, word)
        if said:
            return None  # the text says both: the clerk decides
    return None
