"""Closed vocabularies of the case file, each value with a one-line definition.

Values are the Japanese words the published documents print, so a case file
reads like the table it ends up in. The definitions go into the JSON Schema
(editor hover text) and `casebook schema`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from enum import StrEnum
from functools import cache
from typing import Any

from pydantic import GetJsonSchemaHandler
from pydantic_core import core_schema


@cache
def _variants() -> dict[str, str]:
    """Every character of the Basic Multilingual Plane whose NFKC form is another single character, by that character."""
    found: dict[str, str] = {}
    for code in range(0xA0, 0x10000):
        char = chr(code)
        normal = unicodedata.normalize("NFKC", char)
        if len(normal) == 1 and normal != char:
            found[normal] = found.get(normal, "") + char
    return found


def spelled(value: str) -> str:
    """A regular expression (ECMAScript and Python alike) for the spellings NFKC reads as `value`: ＦＡＸ for FAX."""
    variants = _variants()
    return "".join(f"[{re.escape(ch)}{variants[ch]}]" if ch in variants else re.escape(ch) for ch in value)


class DefinedEnum(StrEnum):
    """A string enumeration whose members carry a definition."""

    definition: str

    def __new__(cls, value: str, definition: str) -> DefinedEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.definition = definition
        return member

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        """The values with their definitions (editors offer them), and the other spellings the model reads as them."""
        return {
            "title": cls.title(),
            "description": cls.description(),
            "anyOf": [
                {"type": "string", "oneOf": [{"const": m.value, "description": m.definition} for m in cls]},
                {
                    "type": "string",
                    "pattern": "^[\\s\u3000]*(?:" + "|".join(spelled(m.value) for m in cls) + ")[\\s\u3000]*$",
                    "description": "全角・半角の違いと前後の空白は読み替えます",
                },
            ],
        }

    @classmethod
    def title(cls) -> str:
        return (cls.__doc__ or "").split(": ", 1)[0]

    @classmethod
    def description(cls) -> str:
        return (cls.__doc__ or "").split(": ", 1)[-1]


class Status(DefinedEnum):
    """状態: 事案の処理状況。調査中の事案は check で不足項目が警告になり、報告書には載りません。"""

    DRAFT = ("調査中", "事実関係を調査中で、記載が揃っていない事案")
    FINAL = ("確定", "記載が揃い、公表・報告に使える事案")


class UnitKind(DefinedEnum):
    """所属: 公表する一覧表の「所属」欄に載せる区分。"""

    HEAD_OFFICE = ("本庁", "本庁の部局・課室")
    BRANCH = ("出先機関", "総合事務所・事務所・センターなど本庁以外の機関")
    SCHOOL = ("教育機関", "学校・教育委員会の機関")
    POLICE = ("警察", "警察本部・警察署")
    ENTERPRISE = ("公営企業", "水道・病院など公営企業の機関")
    COMMITTEE = ("行政委員会・議会", "行政委員会・議会の事務局")
    OTHER = ("その他", "上記のいずれにも当たらない機関")


class Category(DefinedEnum):
    """事案の分類: 事案の分類（国の統計の分類に準拠）。"""

    LOSS = ("紛失・置忘れ", "書類・電子媒体・機器などを紛失し、又は置き忘れたもの")
    THEFT = ("盗難", "書類・機器などが盗まれたもの（車上荒らし・ひったくりを含む）")
    MISDELIVERY = ("誤送付", "郵便・FAX・宅配などで、本来と異なる相手に送付したもの（封入誤り・宛名誤りを含む）")
    MISSENDING = ("誤送信", "電子メールなどで本来と異なる相手に送信し、又は他の受信者のアドレスを表示したもの")
    MISHANDOVER = ("誤交付", "窓口などで、本来と異なる相手に書類を交付し、又は情報を提示したもの")
    MISPUBLICATION = ("誤掲載・誤公開", "Web・システム・掲示物などに、公開してはならない情報を掲載・公開したもの")
    MISDISPOSAL = ("誤廃棄", "保存すべき書類・媒体を誤って廃棄したもの")
    INTRUSION = ("不正アクセス", "外部からの不正アクセス・マルウェア感染などによるもの")
    MISUSE = ("不正持出し・目的外利用", "職員・委託先従業者などが情報を不正に持ち出し、又は目的外に利用したもの")
    VERBAL = ("口頭での漏えい", "会話・電話などで、伝えてはならない相手に伝えたもの")
    OTHER = ("その他", "上記のいずれにも当たらないもの")


class Medium(DefinedEnum):
    """媒体: 漏えいした情報の媒体。"""

    PAPER = ("紙", "書類・郵便物・掲示物")
    EMAIL = ("電子メール", "電子メール本文・添付ファイル")
    FAX = ("FAX", "ファクシミリ")
    DEVICE = ("電子媒体", "USBメモリ・ディスク・カメラ・パソコンなど持ち運べる機器と記録媒体")
    SYSTEM = ("システム・Web", "業務システム・ホームページ・入札情報サービスなどのオンライン上のデータ")
    VERBAL = ("口頭", "会話・電話")
    OTHER = ("その他", "上記のいずれにも当たらない媒体")


class Certainty(DefinedEnum):
    """漏えいの区分: 漏えいが確認されたか、そのおそれにとどまるか。"""

    LEAKED = ("漏えい", "第三者に閲覧・取得されたことが確認されたもの")
    POSSIBLE = ("漏えいのおそれ", "紛失などにより漏えいした可能性があるが、確認されていないもの")


class Presence(DefinedEnum):
    """二次被害の有無: 二次被害の有無。"""

    YES = ("有", "二次被害が確認されている")
    NO = ("無", "二次被害は確認されていない")
    UNKNOWN = ("不明", "二次被害の有無を確認できていない")


class PublicationMode(DefinedEnum):
    """公表区分: 公表の方法。非公表の事案は件数だけが報告書に載り、内容はどの公開出力にも出ません。"""

    INDIVIDUAL = ("個別公表", "記者発表・ホームページなどで事案ごとに公表したもの")
    BATCH = ("一括公表のみ", "半期ごとの一覧表でのみ公表するもの")
    NON_PUBLIC = ("非公表", "非公表基準に該当し、件数のみ公表するもの")


class ReportKind(DefinedEnum):
    """報告・届出の種類: 外部機関への報告・届出の種類。"""

    PPC_PRELIMINARY = ("速報", "個人情報保護委員会への速報（判明後速やかに、概ね3〜5日以内）")
    PPC_FINAL = ("確報", "個人情報保護委員会への確報（判明から30日以内、不正の目的によるものは60日以内）")
    LOST_PROPERTY = ("遺失届", "警察への遺失届")
    DAMAGE = ("被害届", "警察への被害届")
    ACCUSATION = ("告発", "捜査機関への告発")
    CONSULTATION = ("相談", "警察・関係機関への相談")
    REPORT = ("報告", "上記以外の機関（所管庁・認定個人情報保護団体など）への報告")

    @property
    def is_ppc(self) -> bool:
        return self in (ReportKind.PPC_PRELIMINARY, ReportKind.PPC_FINAL)


class Withholding(DefinedEnum):
    """記載しない理由: 確定した事案で項目を空けておく理由。一覧表のセルには casebook.yaml の withheld_text の文字が出ます。"""

    NOT_PUBLISHED = ("非公表", "事実はあるが公表しない（公表資料に記載がない）")
    NOT_APPLICABLE = ("該当なし", "この事案には当てはまらない")
    UNKNOWN = ("不明", "調べても分からない・確認できていない")


class PeriodBasis(DefinedEnum):
    """集計基準日: 報告書の期間に事案を振り分ける日付。"""

    OCCURRED = ("発生日", "事案が発生した日（範囲のときは始まりの日）")
    DISCOVERED = ("判明日", "事案が判明した日")
    REPORTED = ("報告日", "個人情報保護担当課へ報告された日")


# The words clerks write for a value, beside the definitions they stand for: the suggestion of a
# message is by meaning (誤封入 is a 誤送付), where a spelling match would offer nothing or the wrong value.
CLERK_WORDS: dict[type[DefinedEnum], dict[DefinedEnum, tuple[str, ...]]] = {
    Status: {
        Status.FINAL: ("確", "確定済", "確定済み", "完了", "終了", "済", "公表済"),
        Status.DRAFT: ("調査", "未確定", "下書き", "対応中", "確認中", "作成中"),
    },
    UnitKind: {
        UnitKind.HEAD_OFFICE: ("本課", "本部局", "本庁舎", "県庁", "市役所", "本所"),
        UnitKind.BRANCH: ("出先", "総合事務所", "事務所", "センター", "出張所", "支所", "振興局", "地方機関", "保健所", "児童相談所"),
        UnitKind.SCHOOL: ("学校", "教育委員会", "県立学校", "高校", "高等学校", "中学校", "小学校", "特別支援学校", "教委"),
        UnitKind.POLICE: ("警察本部", "警察署", "県警", "交番"),
        UnitKind.ENTERPRISE: ("企業局", "水道局", "病院", "県立病院", "市立病院", "交通局", "病院局"),
        UnitKind.COMMITTEE: ("議会", "議会事務局", "選挙管理委員会", "監査委員", "人事委員会", "行政委員会", "労働委員会"),
    },
    Category: {
        Category.LOSS: ("紛失", "置き忘れ", "置忘れ", "亡失", "遺失", "所在不明", "忘れ物", "紛失・置き忘れ", "落とし物", "遺失物"),
        Category.THEFT: ("盗難被害", "窃盗", "車上荒らし", "車上狙い", "ひったくり", "置き引き", "空き巣", "盗まれた"),
        Category.MISDELIVERY: (
            "誤封入",
            "封入誤り",
            "封入ミス",
            "二重封入",
            "同封誤り",
            "宛名誤り",
            "宛名間違い",
            "宛先誤り",
            "誤郵送",
            "郵送誤り",
            "誤発送",
            "発送誤り",
            "誤配送",
            "送付誤り",
            "誤送",
            "誤FAX",
            "FAX誤送信",
            "ファックス誤送信",
            "FAXの誤送信",
            "郵便の誤送付",
        ),
        Category.MISSENDING: (
            "BCC漏れ",
            "BCC忘れ",
            "BCC設定漏れ",
            "CC誤り",
            "メール誤送信",
            "メールの誤送信",
            "誤メール",
            "アドレス誤り",
            "誤添付",
            "添付誤り",
            "添付ファイル誤り",
            "一斉送信",
            "誤送信メール",
        ),
        Category.MISHANDOVER: ("誤渡し", "渡し間違い", "交付誤り", "誤提示", "取り違え", "誤配布", "配布誤り", "窓口での誤交付"),
        Category.MISPUBLICATION: ("誤掲載", "誤公開", "誤公表", "掲載誤り", "公開設定誤り", "誤表示", "誤掲示", "ホームページへの誤掲載"),
        Category.MISDISPOSAL: ("廃棄誤り", "誤消去", "誤削除", "誤溶解", "誤って廃棄", "誤処分"),
        Category.INTRUSION: (
            "ハッキング",
            "サイバー攻撃",
            "マルウェア",
            "ウイルス感染",
            "ランサムウェア",
            "乗っ取り",
            "フィッシング",
            "Emotet",
        ),
        Category.MISUSE: (
            "不正持出し",
            "不正持ち出し",
            "持ち出し",
            "無断持出し",
            "目的外利用",
            "目的外使用",
            "私的利用",
            "不正閲覧",
            "のぞき見",
            "漏示",
        ),
        Category.VERBAL: ("口頭", "口外", "会話", "電話での漏えい", "口頭漏えい", "電話"),
    },
    Medium: {
        Medium.PAPER: ("書類", "文書", "郵便", "郵便物", "郵送", "封書", "封筒", "はがき", "ハガキ", "紙媒体", "帳票", "名簿"),
        Medium.EMAIL: ("メール", "Eメール", "email", "e-mail", "電子メール添付", "添付ファイル"),
        Medium.FAX: ("ファックス", "ファクス", "ファクシミリ", "ファックス送信"),
        Medium.DEVICE: (
            "USB",
            "USBメモリ",
            "パソコン",
            "PC",
            "ノートパソコン",
            "タブレット",
            "スマートフォン",
            "カメラ",
            "デジタルカメラ",
            "CD",
            "DVD",
            "SDカード",
            "HDD",
            "外付けハードディスク",
            "記録媒体",
        ),
        Medium.SYSTEM: (
            "システム",
            "Web",
            "ウェブ",
            "ホームページ",
            "HP",
            "ウェブサイト",
            "クラウド",
            "SNS",
            "入札情報サービス",
            "電子申請",
        ),
        Medium.VERBAL: ("電話", "会話", "口頭説明"),
    },
    Certainty: {
        Certainty.LEAKED: ("流出", "漏洩", "漏えい確認", "漏えいあり"),
        Certainty.POSSIBLE: ("漏えいの恐れ", "漏洩の恐れ", "漏洩のおそれ", "流出の恐れ", "流出のおそれ", "おそれ", "恐れ", "可能性"),
    },
    Presence: {
        Presence.YES: ("あり", "有り", "有る", "ある", "確認あり"),
        Presence.NO: ("なし", "無し", "ない", "確認されていない", "確認なし"),
        Presence.UNKNOWN: ("わからない", "分からない", "確認中", "調査中", "未確認"),
    },
    PublicationMode: {
        PublicationMode.INDIVIDUAL: ("公表", "記者発表", "個別", "報道発表", "ホームページ公表", "公表済"),
        PublicationMode.BATCH: ("一括", "一括公表", "一覧表のみ", "半期公表", "一覧公表"),
        PublicationMode.NON_PUBLIC: ("非公開", "公表しない", "未公表"),
    },
    Withholding: {
        Withholding.NOT_PUBLISHED: ("公表しない", "非公開", "未公表", "記載なし", "公表資料に記載なし"),
        Withholding.NOT_APPLICABLE: ("なし", "無し", "該当しない", "対象外", "―", "-"),
        Withholding.UNKNOWN: ("わからない", "分からない", "未確認", "確認中", "調査中"),
    },
    ReportKind: {
        ReportKind.PPC_PRELIMINARY: ("第一報", "速報値", "第1報", "委員会速報"),
        ReportKind.PPC_FINAL: ("確定報", "最終報", "委員会確報"),
        ReportKind.LOST_PROPERTY: ("遺失物届", "遺失届出", "遺失届出書", "紛失届"),
        ReportKind.DAMAGE: ("被害届出", "被害届出書", "盗難届"),
        ReportKind.ACCUSATION: ("刑事告発",),
        ReportKind.CONSULTATION: ("警察相談",),
    },
}


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold().replace(" ", "").replace("　", "")


def suggest(enum: type[DefinedEnum], written: str) -> DefinedEnum | None:
    """The value a clerk most likely meant by `written`: by the words of CLERK_WORDS first, then by spelling."""
    text = _plain(written)
    if not text:
        return None
    words = [(_plain(word), member) for member, listed in CLERK_WORDS.get(enum, {}).items() for word in listed]
    for word, member in words:
        if word == text:
            return member
    # a longer text that holds one of the words (封筒への誤封入), the longest word first
    for word, member in sorted(words, key=lambda item: -len(item[0])):
        if len(word) >= 2 and word in text:
            return member
    for member in enum:
        if len(text) >= 2 and (text in member.value.casefold() or member.value.casefold() in text):
            return member
    close = difflib.get_close_matches(text, [m.value.casefold() for m in enum], n=1, cutoff=0.3)
    return next((m for m in enum if m.value.casefold() == close[0]), None) if close else None


def suggestion_text(enum: type[DefinedEnum], written: str) -> str:
    """「（誤送付 のことですか？ 郵便・FAX…）」 for a message, or "" when nothing is close."""
    member = suggest(enum, written)
    return f"（{member.value} のことですか？ {member.definition}）" if member is not None else ""


class DateStyle(DefinedEnum):
    """日付の書き方: casebook fmt が事案ファイルの日付をそろえる形。"""

    AS_WRITTEN = ("記載どおり", "R7.4.25・令和7年4月25日・2025-04-25 のうち書かれた形を保ち、全角数字・漢数字などの書き方だけをそろえる")
    SHORT = ("略記", "R7.4.25 の形（曜日・時刻・範囲のある日付は 令和7年4月25日 の形）")
    LONG = ("和暦", "令和7年4月25日 の形")
