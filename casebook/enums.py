"""Closed vocabularies of the case file, each value with a one-line definition.

Values are the Japanese words the published documents print, so a case file
reads like the table it ends up in. The definitions go into the JSON Schema
(editor hover text) and `casebook schema`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import GetJsonSchemaHandler
from pydantic_core import core_schema


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
        return {
            "type": "string",
            "title": cls.title(),
            "description": cls.description(),
            "oneOf": [{"const": m.value, "description": m.definition} for m in cls],
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


class PeriodBasis(DefinedEnum):
    """集計基準日: 報告書の期間に事案を振り分ける日付。"""

    OCCURRED = ("発生日", "事案が発生した日（範囲のときは始まりの日）")
    DISCOVERED = ("判明日", "事案が判明した日")
    REPORTED = ("報告日", "個人情報保護担当課へ報告された日")


class DateStyle(DefinedEnum):
    """日付の書き方: casebook fmt が事案ファイルの日付をそろえる形。"""

    AS_WRITTEN = ("記載どおり", "R7.4.25・令和7年4月25日・2025-04-25 のうち書かれた形を保ち、全角数字・漢数字などの書き方だけをそろえる")
    SHORT = ("略記", "R7.4.25 の形（曜日・時刻・範囲のある日付は 令和7年4月25日 の形）")
    LONG = ("和暦", "令和7年4月25日 の形")
