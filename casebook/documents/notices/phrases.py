"""The words the notices build from a case's closed values: one table per value, each entry a whole phrase.

A notice never glues a value to a verb (「不正アクセスした」「被害届しました」): every heading and sentence that
depends on 事案の分類, 漏えいの区分 or the kind of a 報告・届出 is written out here for each value, so that each
reads as Japanese. A value the case withholds (withheld: 非公表・該当なし・不明) or leaves empty takes the neutral
wording: a withheld fact is never stated, in any words.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebook.domain.case import Case
from casebook.domain.parts import Report
from casebook.domain.vocabularies import Category, Certainty, Presence, ReportKind

MISSING = "【未記入】"  # a header part a notice needs and the case does not give


@dataclass(frozen=True)
class CategoryPhrases:
    course: str  # the heading of the timeline (web): 「紛失に至る経緯」
    cause: str  # the heading of the causes (web): 「個人情報を紛失した原因」
    after: str  # the heading of the responses (web): 「紛失後の対応」


_NEUTRAL = CategoryPhrases("事案の経緯", "発生原因", "発生後の対応")
CATEGORY_PHRASES: dict[Category, CategoryPhrases] = {
    Category.LOSS: CategoryPhrases("紛失に至る経緯", "個人情報を紛失した原因", "紛失後の対応"),
    Category.THEFT: CategoryPhrases("盗難に至る経緯", "個人情報が盗難に遭った原因", "盗難後の対応"),
    Category.MISDELIVERY: CategoryPhrases("誤送付に至る経緯", "個人情報を誤って送付した原因", "誤送付後の対応"),
    Category.MISSENDING: CategoryPhrases("誤送信に至る経緯", "個人情報を誤って送信した原因", "誤送信後の対応"),
    Category.MISHANDOVER: CategoryPhrases("誤交付に至る経緯", "個人情報を誤って交付した原因", "誤交付後の対応"),
    Category.MISPUBLICATION: CategoryPhrases("誤掲載に至る経緯", "個人情報を誤って掲載した原因", "誤掲載後の対応"),
    Category.MISDISPOSAL: CategoryPhrases("誤廃棄に至る経緯", "個人情報を誤って廃棄した原因", "誤廃棄後の対応"),
    Category.INTRUSION: CategoryPhrases("不正アクセスの経緯", "不正アクセスを受けた原因", "不正アクセス判明後の対応"),
    Category.MISUSE: CategoryPhrases("不正な持出しの経緯", "個人情報が不正に持ち出された原因", "不正な持出し判明後の対応"),
    Category.VERBAL: CategoryPhrases("漏えいに至る経緯", "個人情報を口頭で漏らした原因", "漏えい後の対応"),
    Category.OTHER: _NEUTRAL,
}


def category_phrases(case: Case) -> CategoryPhrases:
    if case.category is None or case.withheld_reason("category") is not None:
        return _NEUTRAL
    return CATEGORY_PHRASES[case.category]


_DATA_HEADINGS = {Certainty.LEAKED: "漏えいした個人情報", Certainty.POSSIBLE: "漏えいしたおそれのある個人情報"}
NEUTRAL_DATA_HEADING = "対象となる個人情報"


def certainty(case: Case) -> Certainty | None:
    """漏えいの区分 as a notice may state it: None when the case withholds it or leaves it empty."""
    return None if case.withheld_reason("certainty") is not None else case.certainty


def data_heading(case: Case) -> str:
    """漏えいした（おそれのある）個人情報, worded by certainty; neutral when the certainty is not stated."""
    stated = certainty(case)
    return _DATA_HEADINGS[stated] if stated is not None else NEUTRAL_DATA_HEADING


_DAMAGE_SENTENCES = {
    Presence.YES: "二次被害が確認されています",
    Presence.NO: "現時点で、二次被害は確認されていません",
    Presence.UNKNOWN: "二次被害の有無は、現時点では確認できていません",
}


def parenthetical(text: str) -> str:
    """Text to be set in 「（…）」 inside a sentence: without its own final 「。」, so no 「。）。」."""
    return text.strip().rstrip("。．.")


def secondary_damage_sentence(case: Case) -> str | None:
    """二次被害 as one sentence with its detail, or None when the case does not state it."""
    damage = case.secondary_damage
    if damage is None or case.withheld_reason("secondary_damage") is not None:
        return None
    detail = parenthetical(damage.detail) if damage.detail else ""
    return _DAMAGE_SENTENCES[damage.status] + (f"（{detail}）" if detail else "") + "。"


# What was done, as the predicate of 「〈日付〉、〈誰〉が〈相手〉に…」; polite (spoken and public notices).
_REPORT_PREDICATES = {
    ReportKind.PPC_PRELIMINARY: "速報を提出しました",
    ReportKind.PPC_FINAL: "確報を提出しました",
    ReportKind.LOST_PROPERTY: "遺失届を提出しました",
    ReportKind.DAMAGE: "被害届を提出しました",
    ReportKind.ACCUSATION: "告発しました",
    ReportKind.CONSULTATION: "相談しました",
    ReportKind.REPORT: "報告しました",
}

# The council report's section for each kind (seed 002: 「＜告発について＞」); a 被害届 is not a 告発.
REPORT_SECTIONS: dict[str, tuple[ReportKind, ...]] = {
    "告発について": (ReportKind.ACCUSATION,),
    "警察への届出について": (ReportKind.DAMAGE, ReportKind.LOST_PROPERTY),
    "関係機関への相談・報告について": (ReportKind.CONSULTATION, ReportKind.REPORT, ReportKind.PPC_PRELIMINARY, ReportKind.PPC_FINAL),
}


def report_sentence(report: Report) -> str:
    """「令和5年11月22日、公社が米子警察署に被害届を提出しました。」 for any kind, with or without each part."""
    parts = []
    if report.date is not None:
        parts.append(report.date.long() + "、")
    if report.by:
        parts.append(f"{report.by}が")
    if report.recipient:
        parts.append(f"{report.recipient}に")
    note = f"（{parenthetical(report.note)}）" if report.note else ""
    return "".join(parts) + _REPORT_PREDICATES[report.kind] + note + "。"


def report_sections(case: Case) -> list[tuple[str, list[str]]]:
    """The council report's sections of reports and filings, each with its sentences, in the case's order."""
    sections = []
    for heading, kinds in REPORT_SECTIONS.items():
        sentences = [report_sentence(r) for r in case.reports if r.kind in kinds]
        if sentences:
            sections.append((heading, sentences))
    return sections
