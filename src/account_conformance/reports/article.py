"""The annotated article: the German help article with each quoted passage marked by verdict.

Every statement of the catalog quotes the article (``source_de``; a quote drawing on two
places joins them with " … "). ``passages`` finds each quoted part inside the article text,
robustly: whitespace runs, typographic quotes („“”‚‘’ and ASCII) and dashes are normalised
and case is ignored, so a re-wrapped or re-quoted copy still matches. ``render_article``
shows the whole article with every found passage highlighted by the verdict of the statements
quoting it — a background colour AND a text label such as ``[S04 · fail]``, so it reads
without colour too — each label linking to the statement (and so its scenarios) in
``conformance.html``. Statements whose quote is not found are listed under the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from ..catalog import Catalog, load_catalog
from .facts import VERDICT_LABELS

_FOLD = {"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‚": "'", "‘": "'", "’": "'",
         "–": "-", "—": "-", "\u00ad": ""}
PART_SEPARATOR = "…"
SEVERITY = ("unexpected_pass", "fail", "error", "expected_fail", "not_run", "pass",
            "not_testable")
"""Verdicts from worst to best: a passage quoted by several statements takes the worst."""


@dataclass(frozen=True)
class Span:
    """Where one statement's quoted part sits in the article: ``text[start:end]``."""

    statement: str
    start: int
    end: int


def _normalised(text: str) -> tuple[str, list[int]]:
    """``text`` folded for matching, and for each folded character its index in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(index)
            continue
        for folded in _FOLD.get(char, char).lower():
            out.append(folded)
            where.append(index)
    return "".join(out), where


def quote_parts(source_de: str) -> list[str]:
    """The separately quoted parts of a statement's ``source_de`` (split at " … ")."""
    return [part.strip() for part in source_de.split(PART_SEPARATOR) if part.strip()]


def passages(article: str, quotes: dict[str, str]) -> tuple[list[Span], list[str]]:
    """Spans of every statement's quoted parts in ``article`` and the IDs not found.

    ``quotes`` maps statement ID to ``source_de``; a statement counts as not found when any
    of its parts is missing from the article.
    """
    folded, where = _normalised(article)
    spans: list[Span] = []
    missing: list[str] = []
    for statement, source in quotes.items():
        found = []
        for part in quote_parts(source):
            needle = _normalised(part)[0].strip()
            at = folded.find(needle) if needle else -1
            if at < 0:
                break
            found.append(Span(statement, where[at], where[at + len(needle) - 1] + 1))
        else:
            if found:
                spans += found
                continue
        missing.append(statement)
    return spans, missing


def unmatched_statements() -> list[str]:
    """IDs of the installed catalog's statements whose quote the article does not contain."""
    catalog = load_catalog()
    return passages(catalog.article_text, {s.id: s.source_de for s in catalog.statements})[1]


def _worst(verdicts: list[str]) -> str:
    ranked = [v for v in SEVERITY if v in verdicts]
    return ranked[0] if ranked else (verdicts[0] if verdicts else "not_run")


def _label(statement: str, verdict: str, link: str) -> str:
    text = f"[{statement} · {VERDICT_LABELS.get(verdict, verdict).lower()}]"
    return (f'<a class="lbl v v-{escape(verdict)}" href="{escape(link)}#{statement.lower()}">'
            f"{escape(text)}</a>")


def _segments(text: str, spans: list[Span]) -> list[tuple[int, int, tuple[str, ...]]]:
    """The article cut at every span boundary: (start, end, IDs covering that piece)."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(sorted({s.statement for s in spans if s.start <= start and end <= s.end}))
        pieces.append((start, end, covering))
    return pieces


def _paragraphs(html_pieces: list[tuple[str, bool]]) -> str:
    """Escaped pieces joined, plain text split into paragraphs at blank lines."""
    body = "".join(piece if is_html else escape(piece).replace("\n\n", "</p>\n<p>")
                   for piece, is_html in html_pieces)
    return f"<p>{body}</p>"


def render_article(results: dict[str, Any], link: str = "",
                   catalog: Catalog | None = None) -> str:
    """The annotated article as an HTML fragment (a ``<section id="article">``).

    ``link`` is the page the statement anchors live in: ``""`` inside conformance.html,
    ``"conformance.html"`` from article.html; ``catalog`` defaults to the installed one.
    """
    catalog = catalog or load_catalog()
    verdicts = {row["id"]: str(row.get("verdict", "not_run"))
                for row in results.get("statements", [])}
    quotes = {s.id: s.source_de for s in catalog.statements}
    text = catalog.article_text.strip("\n")
    spans, missing = passages(text, quotes)
    pieces: list[tuple[str, bool]] = []
    for start, end, covering in _segments(text, spans):
        chunk = text[start:end]
        if not covering:
            pieces.append((chunk, False))
            continue
        worst = _worst([verdicts.get(s, "not_run") for s in covering])
        labels = " ".join(_label(s, verdicts.get(s, "not_run"), link) for s in covering)
        pieces.append((f'<mark class="hl hl-{escape(worst)}" data-statements="'
                       f'{" ".join(covering)}">{labels} {escape(chunk)}</mark>', True))
    legend = " ".join(f'<span class="v v-{v}">{escape(VERDICT_LABELS[v].lower())}</span>'
                      for v in SEVERITY)
    parts = ['<section id="article" lang="de"><h2>The article, annotated</h2>',
             "<p lang=\"en\">The German help article the suite checks. Each passage a statement "
             "quotes is highlighted by that statement's verdict and labelled "
             "<code>[ID · verdict]</code>; a label leads to the statement and its scenarios. "
             f"Verdicts, worst first: {legend}</p>",
             f'<div class="article">{_paragraphs(pieces)}</div>']
    if missing:
        parts.append('<p lang="en" class="msg">Quotes not found in the article: '
                     + escape(", ".join(missing)) + "</p>")
    return "\n".join(parts) + "</section>"


def render_article_page(results: dict[str, Any], css: str) -> str:
    """``article.html``: the annotated article alone, one self-contained page."""
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The article, annotated: {escape(str(results.get("target", "")))}</title>
<style>{css}</style>
</head>
<body>
<p lang="en">Verdicts of the run against {escape(str(results.get("target", "")))}
({escape(str(results.get("started_at", "")))}); the full report is
<a href="conformance.html">conformance.html</a>.</p>
{render_article(results, link="conformance.html")}
</body>
</html>
"""
