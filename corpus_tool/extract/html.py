"""Web pages: the visible text, without scripts, styles and navigation."""
from __future__ import annotations

from pathlib import Path

from corpus_tool.extract.base import ExtractedText, Reader

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "form", "button", "svg", "iframe")
_BLOCKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "br", "table", "ul", "ol")


class HtmlReader(Reader):
    format = "html"
    modules = ("bs4",)
    requirement = "the beautifulsoup4 package"

    def read(self, path: Path) -> ExtractedText:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(path.read_bytes(), "html.parser")  # detects the declared encoding
        for tag in soup(_DROP):
            tag.decompose()
        for tag in soup.find_all(_BLOCKS):
            tag.insert_before("\n")
            tag.insert_after("\n")
        lines = [" ".join(line.split()) for line in soup.get_text().splitlines()]
        text, previous_blank = [], True
        for line in lines:
            if line or not previous_blank:
                text.append(line)
            previous_blank = not line
        title = soup.title.get_text(strip=True) if soup.title else None
        extracted = ExtractedText(str(path), self.format, ["\n".join(text).strip()])
        if title and not extracted.pages[0].startswith(title):
            extracted.pages[0] = title + "\n\n" + extracted.pages[0]
        return extracted
