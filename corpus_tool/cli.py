"""``corpus-tool`` command line.  Commands parse their arguments and call the library."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from corpus_tool import __version__
from corpus_tool.errors import CorpusToolError, InputError

DEFAULT_SHARED = Path("../shared")


def fail(message: str) -> None:
    click.echo(f"corpus-tool: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corpus-tool")
def main() -> None:
    """NLP corpus tool for Finnish social-sector reports.

    Analyses Finnish text with bundled Stanza models trained from open data
    (tokens, lemmas, part of speech, morphology, named entities) and trains and
    evaluates those models.  Run `corpus-tool COMMAND --help` for each command.
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--input-format", type=click.Choice(["text", "jsonl"]), default="text", show_default=True,
              help='text: each INPUT is one document; jsonl: one {"id": ..., "text": ...} object per line.')
@click.option("--format", "output_format", type=click.Choice(["json", "jsonl", "conllu"]), default="json",
              show_default=True, help="json: one array; jsonl: one document a line; conllu: CoNLL-U.")
@click.option("--models", default=None, metavar="bundled|official|PATH",
              help="Stanza models to use (default: the config's, which is 'bundled').")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Pipeline config (TOML); default corpus_tool/data/pipeline.toml.")
@click.option("--no-repair", is_flag=True, help="Do not repair OCR damage before analysis.")
@click.option("--no-themes", is_flag=True, help="Do not tag themes.")
@click.option("--batch-size", type=click.IntRange(1), default=None, help="Documents analysed together.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default stdout).")
def analyze(inputs, input_format, output_format, models, config_file, no_repair, no_themes, batch_size, output):
    """Analyse Finnish texts: sentences, tokens with lemma/UPOS/features, entities.

    INPUT is a file, or - for standard input.  An input that cannot be read, or is
    not Finnish, gets one line on stderr naming it and the reason; the others are
    still analysed, and the exit code is 1 if any failed.  The output schema is
    described in docs/analysis-schema.md.
    """
    from corpus_tool.analyze import analyze as run_analysis, build_pipeline
    from corpus_tool.inputs import read_inputs
    from corpus_tool.output import WRITERS

    disable = [name for name, off in (("repair", no_repair), ("themes", no_themes)) if off]
    try:
        pipeline = build_pipeline(config_file, models=models, disable=disable, batch_size=batch_size)
    except CorpusToolError as exc:
        fail(str(exc))
    failures = 0

    def documents():
        nonlocal failures
        for item in run_analysis(read_inputs(list(inputs), input_format), pipeline):
            if isinstance(item, InputError):
                failures += 1
                click.echo(f"corpus-tool: {item}", err=True)
            else:
                yield item

    WRITERS[output_format](documents(), output)
    sys.exit(1 if failures else 0)


@main.group()
def models() -> None:
    """Train, evaluate and fetch the Finnish Stanza models."""


@models.command("train")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_SHARED,
              show_default=True, help="Folder holding data/ (UD Finnish, TurkuONE).")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=Path("work"), show_default=True,
              help="Training folder; a finished stage there is not trained again.")
@click.option("--stage", "stages", multiple=True, type=click.Choice(["tokenize", "pos", "lemma", "ner"]),
              help="Train only these models (repeatable); default all four.")
@click.option("--threads", type=click.IntRange(1), default=1, show_default=True, help="CPU threads per trainer.")
@click.option("--install/--no-install", default=True, show_default=True,
              help="Copy the trained models into models/stanza and update its resources.json.")
def models_train(shared, work, stages, threads, install):
    """Train tokenizer, tagger, lemmatizer and NER from ../shared/data.

    Never reads UD TDT test, UD OOD test or TurkuONE test.  Resumable: finished
    stages are skipped and NER continues from its last saved model.
    """
    from corpus_tool import modelstore
    from corpus_tool.training.train import train

    names = list(stages) or ["tokenize", "pos", "lemma", "ner"]
    trained = train(shared, work, names, threads=threads, log=lambda m: click.echo(m, err=True))
    if install:
        target = modelstore.install_bundled(trained, modelstore.bundled_dir())
        click.echo(f"installed {', '.join(trained)} into {target}", err=True)


@models.command("evaluate")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_SHARED, show_default=True)
@click.option("--models", "models_spec", default="bundled", show_default=True, metavar="bundled|official|PATH")
@click.option("--set", "sets", multiple=True, type=click.Choice(["tdt_test", "ood_test", "turkuone_test"]),
              help="Evaluate only these held-out sets (repeatable); default all three.")
@click.option("--selection", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also score this CoNLL-U model-selection file (e.g. work/data/selection.conllu).")
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N sentences of each UD set.")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the full report as JSON.")
def models_evaluate(shared, models_spec, sets, selection, limit, json_file):
    """UPOS and lemma accuracy on UD TDT test and UD OOD test (from raw text, with
    the tool's own tokenisation) and NER precision/recall/F1 per type on TurkuONE test."""
    from corpus_tool.pipeline import load_config
    from corpus_tool.training.evaluate import evaluate, format_report

    try:
        report = evaluate(shared, models_spec, tuple(sets) or ("tdt_test", "ood_test", "turkuone_test"),
                          selection, limit)
    except CorpusToolError as exc:
        fail(str(exc))
    strategy = load_config().get("components", {}).get("lemma_lexicon", {}).get("strategy", "stanza")
    click.echo(format_report(report, strategy))
    if json_file:
        json_file.write_text(json.dumps(report, indent=2) + "\n")


@models.command("fetch")
@click.option("--dir", "target", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to put them (default: the 'official' models folder, ~/.local/share/corpus-tool).")
@click.option("--resources-url", default=None, help="Where resources_<version>.json lives (default: Stanza's).")
@click.option("--resources-version", default=None, help="Stanza resources version (default: the installed stanza's).")
@click.option("--model-url", default="default", show_default=True,
              help="URL template for model files; 'default' takes the one in resources.json.")
def models_fetch(target, resources_url, resources_version, model_url):
    """Download the official Stanza Finnish models (needs internet), checking md5 sums.

    Afterwards `--models official` uses them.
    """
    from corpus_tool import modelstore

    target = target or modelstore.official_dir()
    try:
        modelstore.fetch_official(target, resources_url or modelstore.OFFICIAL_RESOURCES_URL,
                                  resources_version, model_url)
    except CorpusToolError as exc:
        fail(str(exc))
    click.echo(f"official Stanza Finnish models in {target}")


if __name__ == "__main__":
    main()
