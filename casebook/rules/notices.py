"""Rules about the notices a case will be published as: a header part a notice needs is not left to print 【未記入】.

A case will be published as a kind of notice when it is public (公表区分 is not 非公表) and carries that kind's
block (press:, apology:, council:, web:). The conventions of each kind are in docs/notices/.
"""

from __future__ import annotations

from collections.abc import Iterator

from casebook.domain.case import Case
from casebook.domain.vocabularies import PublicationMode
from casebook.rules.base import Context, Hit, rule

_PRINTED = "（文書には【未記入】と印刷されます）"


def _published_as(ctx: Context, block: str) -> bool:
    return ctx.case.is_public and getattr(ctx.case, block) is not None and block not in ctx.invalid


def _contacts_named(case: Case) -> bool:
    return bool(case.contacts or case.department)


@rule("notice-press")
def notice_press(ctx: Context) -> Iterator[Hit]:
    """記者発表の発表日・担当・連絡先・前文・結びがない

    記者発表（press: のある公表事案）の右上には発表日・担当・連絡先が入ります。発表日は press.date、なければ公表の個別公表日、担当は press.contacts、なければ問合せ先（contacts）、なければ担当課です。どれもなければ【未記入】と印刷されるので警告します。
    表題の下の前文（press.lead）と再発防止策の後の結び（press.closing）も、なければ【未記入】と印刷されるので警告します。お詫び文（apology:）を添える事案は、結びがなくてもかまいません（種子 000 の形）。
    """
    if not _published_as(ctx, "press") or ctx.invalid & {"publication", "contacts", "department"}:
        return
    case = ctx.case
    press = case.press
    assert press is not None
    if press.date is None and (case.publication is None or case.publication.date is None):
        yield Hit(("press",), "warning", f"発表日がありません（press の date か、公表の個別公表日を書いてください）{_PRINTED}")
    contacts = press.contacts or case.contacts
    if not contacts and not case.department:
        yield Hit(("press",), "warning", f"担当がありません（press の contacts、問合せ先、担当課のいずれかを書いてください）{_PRINTED}")
    elif not any(contact.phone for contact in contacts):
        where = ("press", "contacts") if press.contacts else ("contacts",) if case.contacts else ("press",)
        yield Hit(where, "warning", f"連絡先（電話）がありません{_PRINTED}")
    if not press.lead:
        yield Hit(("press",), "warning", f"前文がありません（press の lead を書いてください）{_PRINTED}")
    if not press.closing and ctx.case.apology is None:
        yield Hit(("press",), "warning", f"結びがありません（press の closing を書くか、お詫び文 apology を添えてください）{_PRINTED}")


@rule("notice-apology")
def notice_apology(ctx: Context) -> Iterator[Hit]:
    """お詫び文の日付がない

    お詫び文（apology: のある公表事案）の右上には日付が入ります。apology の date がなければ【未記入】と印刷されるので警告します。
    """
    if not _published_as(ctx, "apology"):
        return
    apology = ctx.case.apology
    assert apology is not None
    if apology.date is None:
        yield Hit(("apology",), "warning", f"日付がありません（apology の date を書いてください）{_PRINTED}")


@rule("notice-council")
def notice_council(ctx: Context) -> Iterator[Hit]:
    """議会への報告の会議・報告日・報告者がない

    議会への報告（council: のある公表事案）の冒頭には会議・報告日・報告者が入ります。どれかがなければ【未記入】と印刷されるので警告します。
    """
    if not _published_as(ctx, "council"):
        return
    council = ctx.case.council
    assert council is not None
    missing = [label for label, value in (("会議", council.meeting), ("報告日", council.date), ("報告者", council.reporter)) if not value]
    if missing:
        yield Hit(("council",), "warning", f"{'・'.join(missing)}がありません{_PRINTED}")


@rule("notice-web")
def notice_web(ctx: Context) -> Iterator[Hit]:
    """ホームページ掲載のお問い合わせ先がない

    ホームページ掲載（web: のある事案と、casebook site が1件ずつページにする個別公表の事案）の終わりには「お問い合わせ」が入ります。問合せ先（contacts）も担当課もなければ【未記入】と印刷されるので警告します。
    """
    case = ctx.case
    individual = case.publication is not None and case.publication.mode == PublicationMode.INDIVIDUAL
    if not (_published_as(ctx, "web") or individual) or ctx.invalid & {"contacts", "department", "publication"}:
        return
    if not _contacts_named(case):
        yield Hit(
            ("web",) if case.web else ("publication",),
            "warning",
            f"お問い合わせ先がありません（問合せ先か担当課を書いてください）{_PRINTED}",
        )
