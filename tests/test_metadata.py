"""Metadata of the real seed reports, and researchers' CSV overrides."""
from __future__ import annotations

import pytest

from corpus_tool.errors import CorpusToolError
from corpus_tool.metadata import DocumentMetadata, apply_overrides, extract_metadata, read_overrides
from corpus_tool.normalise import default_lexicon, normalise


@pytest.fixture(scope="module")
def meta(seeds):
    lexicon = default_lexicon()
    out = {}
    for path in sorted(seeds.glob("*.txt")):
        doc = normalise(path.read_text(encoding="utf-8"), lexicon)
        out[path.name[:3]] = extract_metadata(doc, web=doc.web_transcript)
    return out


@pytest.mark.parametrize("seed,year,doc_type", [
    ("000", 2012, "memo"), ("001", 2022, "report"), ("002", 2005, "web"), ("003", 2013, "plan"), ("004", 2020, "memo"),
])
def test_year_and_document_type(meta, seed, year, doc_type):
    assert (meta[seed].year, meta[seed].doc_type) == (year, doc_type)


def test_meeting_date_period_region_and_organisation(meta):
    assert meta["000"].date == "2012-12-03" and meta["004"].date == "2020-05-11"
    assert (meta["003"].period_start, meta["003"].period_end) == (2013, 2014)
    assert (meta["001"].period_start, meta["001"].period_end) == (2020, 2022)   # "20-22" in the title
    assert meta["000"].region == "Pohjanmaa" and meta["004"].region == "Etelä-Pohjanmaa"
    assert meta["002"].region == "Lappi"                                         # Länsi-Pohja, Kemi, Tornio
    assert meta["003"].organisation == "SONet BOTNIA"
    assert meta["003"].title == "POHJANMAAN TOIMINTASUUNNITELMA 2013–2014"


def test_csv_overrides_any_field(tmp_path):
    csv = tmp_path / "meta.csv"
    csv.write_text("file,year,region,doc_type,date\nraportti.pdf,2011,Kainuu,report,\nmuistio.txt,,,,2014-10-14\n",
                   encoding="utf-8")
    overrides = read_overrides(csv)
    meta = apply_overrides(DocumentMetadata(year=2022, region="Lappi"), tmp_path / "raportti.pdf", overrides)
    assert (meta.year, meta.region, meta.doc_type) == (2011, "Kainuu", "report")
    meta = apply_overrides(DocumentMetadata(year=2013), tmp_path / "muistio.txt", overrides)
    assert (meta.date, meta.year) == ("2014-10-14", 2014)


@pytest.mark.parametrize("content,reason", [
    ("name,year\na.txt,2012\n", "needs a 'file' column"),
    ("file,colour\na.txt,red\n", "unknown metadata columns: colour"),
    ("file,year\na.txt,twenty\n", "year must be a year"),
    ("file,doc_type\na.txt,novel\n", "doc_type must be one of"),
])
def test_a_bad_metadata_csv_is_one_clear_error(tmp_path, content, reason):
    path = tmp_path / "meta.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusToolError, match=reason):
        read_overrides(path)


def test_clock_times_and_dates_are_not_periods():
    from corpus_tool.metadata import find_period

    assert find_period("AIKA: tiistai 14.10.2014 klo 13.00–15.30", "Budjetti vuosille 2014–2016.") == (2014, 2016)
    assert find_period("Koulutus 3.12.–5.12. ja hanke 2009-2011", "") == (2009, 2011)
