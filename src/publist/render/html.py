"""HTML: everything from a field is escaped; a fragment by default, or a complete page."""

from __future__ import annotations

from html import escape

from publist.render.core import Document, Item, Kind, Piece, Section, runs

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5;
       max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.3rem; margin-top: 2rem; }
ol.publist li, ul.publist li { margin-bottom: 0.6rem; }
ol.publist.labelled { list-style: none; padding-left: 0; }
.publist-label { font-weight: 600; margin-right: 0.3rem; }
a { color: #0645ad; } a:focus { outline: 2px solid #0645ad; }
"""


def spell(piece: Piece) -> str:
    text = escape(piece.text)
    if piece.kind is Kind.LINK:
        return f'<a href="{escape(piece.url)}">{text}</a>'
    if piece.kind is Kind.NOTE:
        return f"<sup>*</sup>{text}"
    if piece.kind is Kind.TITLE:
        return f'<span class="publist-title">{text}</span>'
    if piece.kind is Kind.AUTHOR:
        text += "<sup>*</sup>" if piece.equal else ""
        return f"<strong>{text}</strong>" if piece.owner else text
    return text


def item_text(item: Item) -> str:
    parts = []
    for italic, group in runs(item.pieces):
        text = "".join(map(spell, group))
        parts.append(f"<em>{text}</em>" if italic else text)
    return "".join(parts)


def section_html(section: Section) -> str:
    numbered = any(item.number is not None for item in section.items)
    labelled = any(item.label and item.label != str(item.number) for item in section.items)
    tag = "ol" if numbered else "ul"
    css = "publist labelled" if labelled else "publist"
    style = ' style="list-style: none"' if labelled else ""
    lines = [
        f'<section class="publist-section" id="{escape(section.anchor)}">',
        f"<h2>{escape(section.title)}</h2>",
        f'<{tag} class="{css}"{style}>',
    ]
    for item in section.items:
        value = f' value="{item.number}"' if item.number is not None else ""
        label = f'<span class="publist-label">{escape(item.label)}.</span> ' if labelled else ""
        note = item.publication.get("annotation").strip()  # al-folio shows it on hover
        hover = f' title="{escape(note)}"' if note else ""
        lines.append(f'<li{value} id="pub-{escape(item.key)}"{hover}>{label}{item_text(item)}</li>')
    lines += [f"</{tag}>", "</section>"]
    return "\n".join(lines)


def render(document: Document, standalone: bool = False) -> str:
    body = "\n".join(section_html(section) for section in document.sections)
    if not standalone:
        return body + "\n" if body else ""
    title = f"Publications of {document.owner}" if document.owner else "Publications"
    contents = "\n".join(
        f'<li><a href="#{escape(section.anchor)}">{escape(section.title)}</a></li>'
        for section in document.sections
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>{escape(title)}</h1>
<nav aria-label="Sections">
<ul>
{contents}
</ul>
</nav>
{body}
</main>
</body>
</html>
"""
