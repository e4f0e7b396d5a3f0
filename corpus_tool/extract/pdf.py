"""PDF reports: the text layer through PDFium; pages without one are OCR'd.

OCR uses tesseract's Finnish model (Debian ``tesseract-ocr-fin``) when it is
installed; otherwise such pages are reported in ``warnings`` and left empty.
"""
from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from pathlib import Path

from corpus_tool.errors import InputError
from corpus_tool.extract.base import ExtractedText, Reader

# Pages with fewer visible characters than this in their text layer are treated as scans.
MIN_TEXT_CHARS = 20
OCR_DPI = 300


@functools.lru_cache(maxsize=1)
def tesseract_has_finnish() -> bool:
    if not shutil.which("tesseract"):
        return False
    result = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return "fin" in result.stdout.split()


def ocr_image(image) -> str:
    """Finnish OCR of a PIL image with the tesseract command."""
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        result = subprocess.run(["tesseract", str(png), "stdout", "-l", "fin"],
                                capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "tesseract failed")
    return result.stdout


class PdfReader(Reader):
    format = "pdf"
    modules = ("pypdfium2",)
    requirement = "the pypdfium2 package"

    def read(self, path: Path) -> ExtractedText:
        import pypdfium2 as pdfium

        if not path.read_bytes()[:1024].lstrip().startswith(b"%PDF"):
            raise InputError(str(path), "not a PDF file (no %PDF header)")
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            message = str(exc).lower()
            if "password" in message or "security" in message:
                raise InputError(str(path), "encrypted PDF (a password is needed)") from exc
            raise InputError(str(path), f"corrupt PDF ({exc})") from exc
        extracted = ExtractedText(str(path), self.format, [])
        try:
            for number, page in enumerate(pdf, 1):
                text = page.get_textpage().get_text_range()
                if len("".join(text.split())) < MIN_TEXT_CHARS:
                    text = self._ocr(page, number, extracted)
                # PDFium turns a hyphen at a line end into U+FFFE and drops the break;
                # restore both so that the normaliser decides about every hyphen alike.
                text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-\n")
                extracted.pages.append(text)
        finally:
            pdf.close()
        return extracted

    @staticmethod
    def _ocr(page, number: int, extracted: ExtractedText) -> str:
        if not tesseract_has_finnish():
            extracted.warnings.append(f"page {number} has no text layer and OCR is not installed "
                                      f"(Debian packages tesseract-ocr tesseract-ocr-fin)")
            return ""
        try:
            text = ocr_image(page.render(scale=OCR_DPI / 72).to_pil())
        except Exception as exc:  # one bad page must not lose the document
            extracted.warnings.append(f"page {number}: OCR failed ({exc})")
            return ""
        extracted.ocr_pages.append(number)
        return text
