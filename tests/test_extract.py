"""Readers: PDF (text layer, encrypted, corrupt, scanned), DOCX, HTML, text, unknown formats."""
from __future__ import annotations

import pytest

from corpus_tool.errors import InputError
from corpus_tool.extract import read_document
from corpus_tool.extract.pdf import tesseract_has_finnish

PARAGRAPH = ("Hankkeen tavoitteena oli vahvistaa lasten ja perheiden osallisuutta sekä "
             "monialaista yhteistyötä Pohjois-Pohjanmaalla vuosina 2020-2022.")


def make_pdf(path, text=PARAGRAPH, password=None, image_only=False):
    from fpdf import FPDF

    pdf = FPDF()
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.add_page()
    if image_only:
        from PIL import Image, ImageDraw
        image = Image.new("RGB", (1200, 200), "white")
        ImageDraw.Draw(image).text((20, 80), "Skannattu sivu", fill="black")
        pdf.image(image, x=10, y=10, w=180)
    else:
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def test_pdf_text_layer_is_read_with_finnish_letters(tmp_path):
    extracted = read_document(make_pdf(tmp_path / "raportti.pdf"))
    assert extracted.format == "pdf" and len(extracted.pages) == 1
    assert "osallisuutta" in extracted.text and "Pohjois-Pohjanmaalla" in extracted.text


def test_encrypted_pdf_is_one_clear_error(tmp_path):
    path = make_pdf(tmp_path / "salattu.pdf", password="salasana")
    with pytest.raises(InputError, match="encrypted PDF") as info:
        read_document(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("content,reason", [
    (None, "corrupt PDF"),                 # a truncated real PDF
    (b"%PDF-1.4\n garbage", "corrupt PDF"),
    (b"This is not a PDF at all, just text.", "not a PDF file"),
])
def test_corrupt_pdfs_are_errors(tmp_path, content, reason):
    path = tmp_path / "rikki.pdf"
    if content is None:
        content = make_pdf(tmp_path / "ok.pdf").read_bytes()[:400]
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        read_document(path)


def test_a_scanned_page_is_ocrd_or_reported(tmp_path):
    path = make_pdf(tmp_path / "skannattu.pdf", image_only=True)
    if tesseract_has_finnish():
        extracted = read_document(path)
        assert extracted.ocr_pages == [1] and "Skannattu" in extracted.text
    else:
        with pytest.raises(InputError, match="no text could be extracted"):
            read_document(path)


def test_docx_paragraphs_and_attendee_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Ohjausryhmän kokous 3.12.2012")
    table = document.add_table(rows=2, cols=2)
    for row, (member, deputy) in zip(table.rows, [("Jäsen:", "Varajäsen:"), ("Erkki Penttinen", "Matti Paloneva")]):
        row.cells[0].text, row.cells[1].text = member, deputy
    document.add_paragraph(PARAGRAPH)
    document.save(tmp_path / "muistio.docx")
    text = read_document(tmp_path / "muistio.docx").text
    assert text.splitlines()[:3] == ["Ohjausryhmän kokous 3.12.2012", "Jäsen:\tVarajäsen:",
                                     "Erkki Penttinen\tMatti Paloneva"]
    assert PARAGRAPH in text


def test_html_visible_text_only(tmp_path):
    (tmp_path / "sivu.html").write_text(
        "<html><head><title>Perhekeskus</title><script>var x = 1;</script><style>p{}</style></head>"
        "<body><nav>Etusivu | Palvelut</nav><h1>Perhekeskus</h1><p>" + PARAGRAPH + "</p>"
        "<footer>© Kunta</footer></body></html>", encoding="utf-8")
    text = read_document(tmp_path / "sivu.html").text
    assert PARAGRAPH in text and "Perhekeskus" in text
    assert "var x" not in text and "Etusivu" not in text and "© Kunta" not in text


def test_unknown_format_empty_and_broken_docx(tmp_path):
    (tmp_path / "kuva.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "tyhja.pdf").write_bytes(b"")
    (tmp_path / "rikki.docx").write_bytes(b"not a zip")
    for name, reason in [("kuva.png", "unknown format '.png'"), ("tyhja.pdf", "empty file"),
                         ("rikki.docx", "not a valid DOCX")]:
        with pytest.raises(InputError, match=reason):
            read_document(tmp_path / name)


def test_cp1252_text_file(tmp_path):
    (tmp_path / "vanha.txt").write_bytes(PARAGRAPH.encode("cp1252"))
    assert read_document(tmp_path / "vanha.txt").text == PARAGRAPH
