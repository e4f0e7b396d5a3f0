"""Language identification of real report text."""
from __future__ import annotations

import re

from corpus_tool.language import detect_language


def test_every_seed_report_is_finnish(seeds):
    for path in sorted(seeds.glob("*.txt")):
        assert detect_language(path.read_text(encoding="utf-8")) == "fi", path.name


def test_swedish_and_english_are_told_apart_from_finnish(seeds):
    text = (seeds / "003_0990adee1944e489.txt").read_text(encoding="utf-8")
    # 003 names a Swedish-language centre inside a Finnish sentence
    swedish = re.search(r"Det finlandssvenska kompetenscenteret inom det sociala området", text).group(0)
    assert detect_language(swedish) == "sv"
    line = next(l for l in text.splitlines() if swedish in l)
    assert detect_language(line.replace(swedish, "")) != "sv"
    assert detect_language("Socialvården och hälsovården ska samarbeta med kommunerna i Österbotten "
                           "för att stödja familjer.") == "sv"
    assert detect_language("The project developed multi-professional services for families "
                           "and evaluated them with the municipalities.") == "en"


def test_short_finnish_without_function_words_is_undecided_not_misclassified():
    assert detect_language("Kokouksen avaus") == "und"
    assert detect_language("Lastensuojelun kehittäminen Pohjois-Suomessa ja Kainuussa") == "fi"
