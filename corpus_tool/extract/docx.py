"""Word documents: paragraphs and table cells in document order."""
from __future__ import annotations

import zipfile
from pathlib import Path

from corpus_tool.errors import InputError
from corpus_tool.extract.base import ExtractedText, Reader


class DocxReader(Reader):
    format = "docx"
    modules = ("docx",)
    requirement = "the python-docx package"

    def read(self, path: Path) -> ExtractedText:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        if not zipfile.is_zipfile(path):
            raise InputError(str(path), "not a valid DOCX file (not a ZIP container)")
        try:
            document = docx.Document(str(path))
        except Exception as exc:  # python-docx raises several types for broken packages
            raise InputError(str(path), f"corrupt DOCX file ({exc})") from exc
        blocks = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                blocks.append(Paragraph(child, document).text)
            elif tag == "tbl":
                # One line per row, cells separated by tabs, as attendee tables read naturally.
                for row in Table(child, document).rows:
                    cells = []
                    for cell in row.cells:
                        if not cells or cell.text != cells[-1]:  # merged cells repeat
                            cells.append(cell.text.strip())
                    blocks.append("\t".join(cells))
                blocks.append("")
        return ExtractedText(str(path), self.format, ["\n".join(blocks)])
