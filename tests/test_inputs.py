"""Reading analyze's inputs: encodings, bad files, JSONL records."""
from __future__ import annotations

import pytest

from corpus_tool.errors import InputError
from corpus_tool.inputs import TextInput, decode_text, read_inputs

FINNISH = "Sosiaali- ja terveysministeriön valtionavustus kattaa 75 prosenttia hankkeen kuluista Jyväskylässä."


def test_utf8_and_cp1252_files_decode_to_the_same_text(tmp_path):
    (tmp_path / "utf8.txt").write_bytes(FINNISH.encode("utf-8"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + FINNISH.encode("utf-8"))
    (tmp_path / "win.txt").write_bytes(FINNISH.encode("cp1252"))
    texts = [item.text for item in read_inputs([str(tmp_path / n) for n in ("utf8.txt", "bom.txt", "win.txt")])]
    assert texts == [FINNISH] * 3


def test_decomposed_unicode_is_normalised_to_nfc():
    assert decode_text("Jyva\u0308skyla\u0308".encode("utf-8"), "x") == "Jyväskylä"


@pytest.mark.parametrize("content,reason", [
    (b"", "empty input"),
    (b"  \n\t\n", "empty input"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data"),
    (bytes(range(1, 32)) * 50, "binary data"),
])
def test_empty_and_binary_inputs_are_errors_naming_the_file(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [item] = list(read_inputs([str(path)]))
    assert isinstance(item, InputError)
    assert str(path) in str(item) and reason in str(item)


def test_missing_file_and_directory_are_reported_and_the_rest_still_read(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text(FINNISH, encoding="utf-8")
    items = list(read_inputs([str(tmp_path / "nope.txt"), str(tmp_path), str(good)]))
    assert [type(i) for i in items] == [InputError, InputError, TextInput]
    assert "no such file" in str(items[0]) and "directory" in str(items[1])
    assert items[2].id == "ok.txt"


def test_jsonl_records_with_bad_lines_reported_by_line_number(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "Kokous alkoi klo 13."}\n'
                    'not json\n'
                    '{"id": "c"}\n'
                    '\n'
                    '{"text": "Päätös: hyväksyttiin."}\n', encoding="utf-8")
    items = list(read_inputs([str(path)], "jsonl"))
    assert [i.id if isinstance(i, TextInput) else i.source for i in items] == \
        ["a", f"{path}:2", f"{path}:3", f"{path}:5"]
    assert "invalid JSON" in items[1].reason and '"text"' in items[2].reason


def test_stdin_is_read_when_the_input_is_a_dash(monkeypatch):
    import io
    import sys
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FINNISH.encode("utf-8"))))
    [item] = list(read_inputs(["-"]))
    assert item.id == "stdin" and item.text == FINNISH
