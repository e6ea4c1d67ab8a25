"""One page per individually published case (個別公表): its web notice (the `web` notice, as `render --as web`
writes it), with 掲載日, 更新日, 担当課 and 問合せ先, and links back to its period's table."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from casebook.site.content import PublicCase, SiteContent
from casebook.site.frame import case_page, case_pdf, draw, period_page, row_anchor

NOTICE = "web"


def files(content: SiteContent) -> Iterator[tuple[str, str | bytes]]:
    for public in content.pages:
        yield case_page(public.facts.id), page(content, public)
        if content.pdf:
            yield case_pdf(public.facts.id), pdf(content, public)


def notice_body(content: SiteContent, public: PublicCase) -> Markup:
    """The web notice's html, without its page (the site's frame holds it)."""
    from casebook.documents.notices.parsing import parse_notice
    from casebook.documents.notices.render import notice_md

    markdown = notice_md(public.case, NOTICE, content.root, content.organisation)
    parser, tokens = parse_notice(markdown)
    return Markup(parser.renderer.render(tokens, parser.options, {}))


def title(public: PublicCase) -> str:
    case = public.case
    return (case.web.title if case.web and case.web.title else None) or case.title or public.facts.id


def page(content: SiteContent, public: PublicCase) -> str:
    return draw(
        content,
        "case.html.j2",
        case_page(public.facts.id),
        title(public),
        public=public,
        case=public.case,
        dates=public.dates,
        notice=notice_body(content, public),
        period_page=period_page(public.period),
        anchor=row_anchor,
        pdf=case_pdf(public.facts.id) if content.pdf else None,
    )


def pdf(content: SiteContent, public: PublicCase) -> bytes:
    from casebook.documents.notices.render import render_notice

    printed = render_notice(public.case, NOTICE, "pdf", root=content.root, organisation=content.organisation)
    assert isinstance(printed, bytes)
    return printed
