"""The rule that keeps a casebook one body's: a case of another body is never counted or published under this one's name.

The body is casebook.yaml's `organisation` (the report's heading 「○<団体名>の保有個人情報の漏えい事案概要」 names it).
A case may leave its own `organisation` out (it is then this casebook's body's), or repeat the same name.
"""

from __future__ import annotations

from collections.abc import Iterator

from casebook.rules.base import Context, Hit, rule
from casebook.safety.inert import visible
from casebook.safety.quoting import quote


@rule("organisation", ignorable=False)
def organisation(ctx: Context) -> Iterator[Hit]:
    """ほかの団体の事案（事案の団体名が casebook.yaml の団体名と違う。件数に入らないよう除外できません）

    casebook は1つの団体の事案を収めます。団体名は casebook.yaml の organisation で、事案ファイルの organisation は
    省くか同じ名前を書きます。ほかの団体の事案は、その団体の casebook（casebook.yaml の organisation がその団体名のフォルダ）に置きます。
    """
    if "organisation" in ctx.invalid:
        return
    named = (ctx.case.organisation or "").strip()
    body = ctx.config.organisation.strip()
    if not named or named == body:
        return
    if not body:
        named_text = quote(named, withheld="")  # a non-public case's text is never repeated
        message = (
            f"casebook.yaml に団体名（organisation）がありません。事案に団体名{named_text}を書くなら、casebook.yaml の organisation にも"
            "同じ名前を書いてください（casebook は1つの団体の事案を収めます。ほかの団体の事案は、その団体の casebook に置きます）"
        )
    else:
        ours = f"「{visible(body, single_line=True)}」"
        theirs = quote(named, withheld="ほかの団体")
        message = (
            f"この casebook は{ours}の事案を収めるものです（casebook.yaml の団体名）。{theirs}の事案は、その団体の casebook に置いてください"
            f"（{ours}の事案なら、団体名は省くか{ours}と書きます）"
        )
    yield Hit(("organisation",), "error", message)
