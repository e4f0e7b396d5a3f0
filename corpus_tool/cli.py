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


models_option = click.option("--models", default=None, metavar="bundled|official|PATH", help="Stanza models to use.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corpus-tool")
def main() -> None:
    """NLP corpus tool for Finnish social-sector reports.

    Reads reports (PDF, DOCX, HTML, text) into a database: text cleaned and OCR
    damage repaired, Finnish analysed with bundled Stanza models trained from open
    data (tokens, lemmas, part of speech, morphology), persons, organisations,
    dates and money normalised and linked, passages tagged with themes.  Queries
    and exports read the database.  Run `corpus-tool COMMAND --help` for each command.
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


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--log", "log_file", type=click.File("w", encoding="utf-8"), default=None,
              help="Write every change as TSV: input, line, original, repaired, confidence, method.")
@click.option("--force", is_flag=True, help="Repair even text that does not look damaged.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default stdout).")
def repair(inputs, log_file, force, output):
    """Restore ä/ö (and l) lost by OCR in Finnish text.

    Prints each INPUT (a file, or - for stdin) with only its damaged words changed:
    line breaks and whitespace stay exactly as they were.  Text that is not damaged
    comes back unchanged.  An unreadable input gets one line on stderr and the exit
    code is 1 at the end.
    """
    from corpus_tool.inputs import read_inputs
    from corpus_tool.repair import Lexicon, repair_text

    lexicon = Lexicon.default()
    failures = 0
    if log_file:
        log_file.write("input\tline\toriginal\trepaired\tconfidence\tmethod\n")
    for item in read_inputs(list(inputs), "text", keep_whitespace=True):
        if isinstance(item, InputError):
            failures += 1
            click.echo(f"corpus-tool: {item}", err=True)
            continue
        repaired, changes = repair_text(item.text, lexicon, force=force)
        output.write(repaired)
        if log_file:
            for change in changes:
                line = item.text.count("\n", 0, change.start) + 1
                log_file.write(f"{item.id}\t{line}\t{change.original.replace(chr(10), ' ')}\t"
                               f"{change.repaired.replace(chr(10), ' ')}\t{change.confidence}\t{change.method}\n")
    sys.exit(1 if failures else 0)


@main.group()
def models() -> None:
    """Train, evaluate and fetch the Finnish Stanza models."""


@models.command("train")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_SHARED,
              show_default=True, help="Folder holding data/ (UD Finnish, TurkuONE).")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=Path("work"), show_default=True,
              help="Training folder; a finished stage there is not trained again.")
@click.option("--stage", "stages", multiple=True, type=click.Choice(["tokenize", "pos", "pos_crf", "lemma", "ner", "ner_crf"]),
              help="Train only these models (repeatable); default all six (pos_crf, ner_crf: the CRFs "
                   "over Voikko's analyses that back Stanza's tagger and NER).")
@click.option("--threads", type=click.IntRange(1), default=1, show_default=True, help="CPU threads per trainer.")
@click.option("--install/--no-install", default=True, show_default=True,
              help="Copy the trained models into models/stanza and update its resources.json.")
@click.option("--extend", is_flag=True, help="Train finished tagger and NER models further from where they are.")
@click.option("--max-steps", type=click.IntRange(1), default=None,
              help="Training steps for the tagger and NER (defaults: 8000 and 12000).")
@click.option("--learning-rate", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Learning rate for the tagger (Stanza's default otherwise); a lower one with "
                   "--extend anneals a tagger that stopped improving.  Not for NER: Stanza's NER "
                   "trainer keeps the settings of the model it continues from.")
@click.option("--seed", type=int, default=None,
              help="Random seed of the tagger and NER trainers (Stanza's default 1234 otherwise); "
                   "a second NER trained with another seed joins the bundled one as an ensemble.")
@click.option("--ensemble-member", default=None, metavar="NAME",
              help="Install the trained NER as an ensemble member fi/ner/NAME.pt (stored compactly) "
                   "instead of as the default NER; list NAME in ner_ensemble of the pipeline config.")
def models_train(shared, work, stages, threads, install, extend, max_steps, learning_rate, seed, ensemble_member):
    """Train tokenizer, tagger, lemmatizer and NER (and the CRFs that back the
    tagger and NER) from ../shared/data.

    Never reads UD TDT test, UD OOD test or TurkuONE test.  Resumable: finished
    stages are skipped, and an interrupted tagger or NER continues from its last
    saved model.
    """
    from corpus_tool import modelstore
    from corpus_tool.training.train import ALL_STAGES, train

    names = list(stages) or list(ALL_STAGES)
    budget = {"max_steps": max_steps} if max_steps else {}
    if learning_rate:
        budget["lr"] = learning_rate
    if seed is not None:
        budget["seed"] = seed
    trained = train(shared, work, names, budget=budget, threads=threads, log=lambda m: click.echo(m, err=True),
                    extend=extend)
    if ensemble_member and "ner" in trained:
        target = modelstore.bundled_dir() / "fi" / "ner" / f"{ensemble_member}.pt"
        modelstore.store_ensemble_member(trained.pop("ner"), target)
        click.echo(f"installed the NER as ensemble member {target}", err=True)
    if install and trained:
        target = modelstore.install_bundled(trained, modelstore.bundled_dir())
        click.echo(f"installed {', '.join(trained)} into {target}", err=True)


@models.command("evaluate")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_SHARED, show_default=True)
@click.option("--models", "models_spec", default="bundled", show_default=True, metavar="bundled|official|PATH")
@click.option("--set", "sets", multiple=True, type=click.Choice(["tdt_test", "ood_test", "turkuone_test"]),
              help="Evaluate only these held-out sets (repeatable); default all three.")
@click.option("--selection", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also score this CoNLL-U model-selection file (e.g. work/data/selection.conllu).")
@click.option("--ner-selection", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Also score the NER on this model-selection file (TurkuONE-style token/tag TSV, "
                   "e.g. ../shared/data/turku-one/dev.tsv).")
@click.option("--selection-only", is_flag=True,
              help="Score only the model-selection files (--selection, --ner-selection), none of the "
                   "held-out sets: for choosing settings.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N sentences of each UD set.")
@click.option("--upos-penalty", type=click.FloatRange(0), default=None,
              help="The tagger's lexicon constraint (0 = the tagger alone); default: "
                   "upos_lexicon_penalty of the pipeline config.")
@click.option("--upos-crf-weight", type=click.FloatRange(0), default=None,
              help="The CRF tagger's weight in the tagger (0 = without it); default: "
                   "upos_crf_weight of the pipeline config.")
@click.option("--ner-penalty", type=click.FloatRange(0), default=None,
              help="The NER's sentence-start lexicon constraint (0 = the NER alone); default: "
                   "ner_lexicon_penalty of the pipeline config.")
@click.option("--ner-crf-weight", type=click.FloatRange(0), default=None,
              help="The NER CRF's weight in the NER (0 = without it); default: ner_crf_weight of the "
                   "pipeline config.")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the full report as JSON.")
def models_evaluate(shared, models_spec, sets, selection, ner_selection, selection_only, limit, upos_penalty,
                    upos_crf_weight, ner_penalty, ner_crf_weight, json_file):
    """UPOS and lemma accuracy on UD TDT test and UD OOD test (from raw text, with
    the tool's own tokenisation) and NER precision/recall/F1 per type on TurkuONE test."""
    from corpus_tool.pipeline import load_config
    from corpus_tool.training.evaluate import evaluate, format_report

    components = load_config().get("components", {})
    if upos_penalty is None:
        upos_penalty = float(components.get("stanza", {}).get("upos_lexicon_penalty", 0))
    if upos_crf_weight is None:
        upos_crf_weight = float(components.get("stanza", {}).get("upos_crf_weight", 0))
    if ner_penalty is None:
        ner_penalty = float(components.get("stanza", {}).get("ner_lexicon_penalty", 0))
    if ner_crf_weight is None:
        ner_crf_weight = float(components.get("stanza", {}).get("ner_crf_weight", 0))
    lexicon = components.get("lemma_lexicon", {})
    try:
        if selection_only and not (selection or ner_selection):
            fail("--selection-only needs --selection or --ner-selection")
        held_out = () if selection_only else tuple(sets) or ("tdt_test", "ood_test", "turkuone_test")
        report = evaluate(shared, models_spec, held_out,
                          selection, limit, upos_penalty, ner_penalty, lexicon.get("upos", "keep"),
                          ner_selection, components.get("stanza", {}).get("ner_ensemble", []), upos_crf_weight,
                          ner_crf_weight)
    except CorpusToolError as exc:
        fail(str(exc))
    click.echo(format_report(report, lexicon.get("strategy", "stanza"), lexicon.get("upos", "keep")))
    if json_file:
        json_file.write_text(json.dumps(report, indent=2) + "\n")


@main.group()
def entities() -> None:
    """Entity evaluation against a gold file."""


@entities.command("evaluate")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("corpus/gold/entities.jsonl"), show_default=True,
              help="Gold mentions (JSONL: source, start, end, type, text, norm, role, value, currency; "
                   "offsets into the report's normalised text before OCR repair).")
@click.option("--reports", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=DEFAULT_SHARED / "seeds", show_default=True, help="Folder holding the gold file's reports.")
@models_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Pipeline config (TOML).")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the full report (with every missed and spurious value) as JSON.")
def entities_evaluate(gold, reports, models, config_file, json_file):
    """Precision, recall and F1 per type on normalised values (PERSON, ORG, DATE,
    MONEY), running each gold report through the ingest path; also exact spans and
    the accuracy of persons' roles."""
    from corpus_tool.analyze import build_pipeline
    from corpus_tool.entities.evaluate import TYPES, evaluate
    from corpus_tool.ingest import Ingester

    ingester = Ingester(None, lambda: build_pipeline(config_file, models=models, disable=["language"]))
    try:
        report = evaluate(gold, reports, ingester)
    except (CorpusToolError, ValueError, OSError) as exc:     # a gold file that does not fit its reports
        fail(str(exc))
    for label in ("all", "without_borderline"):
        click.echo(f"{label.replace('_', ' ')} ({', '.join(report['documents'])}):")
        r = report[label]
        for kind in TYPES + ("micro", "exact_spans_micro"):
            x = r[kind]
            click.echo(f"  {kind:<18} P={x['precision']:.3f} R={x['recall']:.3f} F1={x['f1']:.3f} "
                       f"(gold {x['gold']}, predicted {x['predicted']})")
        click.echo(f"  person roles right: {r['person_role_accuracy']}")
    if json_file:
        json_file.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")


@main.group()
def themes() -> None:
    """Theme classifier: label passages, train, evaluate, tag."""


taxonomy_option = click.option("--taxonomy", "taxonomy_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                               default=None, help="Theme taxonomy (TOML, [[themes]] with id, label_fi, label_en, "
                                                  "definition, keywords); default the bundled one.")
labels_option = click.option("--labels", "labels_path", type=click.Path(exists=True, path_type=Path),
                             default=Path("corpus/labels"), show_default=True,
                             help="Label JSONL file or folder of them.")
reports_option = click.option("--reports", type=click.Path(exists=True, file_okay=False, path_type=Path),
                              multiple=True, default=[DEFAULT_SHARED / "seeds"], show_default=True,
                              help="Folder holding labelled reports, looked up in the order given (repeatable).")
training_reports_option = click.option(
    "--training-reports", type=click.Path(file_okay=False, path_type=Path), multiple=True,
    default=[Path("corpus/training_reports")], show_default=True,
    help="Folder of further labelled reports that only ever train: in cross-validation they are in every "
         "fold's training part and never scored (the project's written reports; repeatable; a missing "
         "folder is skipped).")


def _theme_inputs(labels_path, reports, taxonomy_file, models, training_reports=()):
    from corpus_tool.analyze import build_pipeline
    from corpus_tool.ingest import Ingester
    from corpus_tool.themes.labels import read_labels
    from corpus_tool.themes.taxonomy import load_taxonomy
    from corpus_tool.themes.training import analyse_labelled

    try:
        taxonomy = load_taxonomy(taxonomy_file)
        records = read_labels(labels_path)
        ingester = Ingester(None, lambda: build_pipeline(models=models, disable=["language", "entities", "themes"]))
        return taxonomy, records, analyse_labelled(records, list(reports), ingester, taxonomy,
                                                   [d for d in training_reports if d.is_dir()])
    except ValueError as exc:
        fail(str(exc))


def _cross_validated(labels_path, reports, taxonomy_file, models, training_reports=()):
    """The labelled passages analysed and cross-validated (printed as a table), for
    `themes evaluate` and `themes train`."""
    from corpus_tool.themes.training import cross_validate

    taxonomy, records, data = _theme_inputs(labels_path, reports, taxonomy_file, models, training_reports)
    try:
        report = cross_validate(data, taxonomy)
    except ValueError as exc:
        fail(str(exc))
    _print_theme_scores(report, taxonomy.ids)
    return taxonomy, records, data, report


def _print_theme_scores(report: dict, ids: list[str]) -> None:
    click.echo(f"{report['passages']} passages from {report['reports']} reports scored, {report['folds']} folds grouped "
               f"by report; {report['training_only']['passages']} passages of {report['training_only']['reports']} "
               "training reports in every training part")
    click.echo(f"{'theme':<24}{'support':>8}  {'classifier P/R/F1':>22}  {'keyword baseline P/R/F1':>26}")
    for key in ids + ["micro", "macro"]:
        c, b = report["classifier"][key], report["keyword_baseline"][key]
        support = c.get("support", "")
        click.echo(f"{key:<24}{support!s:>8}  {c['precision']:.2f} {c['recall']:.2f} {c['f1']:.3f}"
                   f"{'':>7}{b['precision']:.2f} {b['recall']:.2f} {b['f1']:.3f}")


@themes.command("evaluate")
@labels_option
@reports_option
@training_reports_option
@taxonomy_option
@models_option
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the report as JSON.")
def themes_evaluate(labels_path, reports, training_reports, taxonomy_file, models, json_file):
    """Cross-validation grouped by report (a report's passages never on both sides):
    precision, recall and F1 per theme, micro and macro, for the classifier (thresholds
    chosen inside each training fold) and the keyword baseline."""
    taxonomy, _, _, report = _cross_validated(labels_path, reports, taxonomy_file, models, training_reports)
    if json_file:
        json_file.write_text(json.dumps(report, indent=1) + "\n")


@themes.command("train")
@labels_option
@reports_option
@training_reports_option
@taxonomy_option
@models_option
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Model directory (default models/themes, which analyze and ingest use).")
def themes_train(labels_path, reports, training_reports, taxonomy_file, models, out):
    """Train the theme model on the labelled passages and save it with its metadata.

    Grouped cross-validation first compares the classifier with the keyword baseline;
    the better one is trained on all labels and saved, with the taxonomy, a hash of the
    labels, the cross-validated metrics and the library versions."""
    from corpus_tool.themes import model as theme_model
    from corpus_tool.themes.labels import labels_hash
    from corpus_tool.themes.training import fit_final

    taxonomy, records, data, report = _cross_validated(labels_path, reports, taxonomy_file, models, training_reports)
    kind, estimator = fit_final(data, taxonomy, report)
    target = out or theme_model.DEFAULT_DIR
    theme_model.save(theme_model.ThemeModel(estimator, taxonomy, {
        "kind": kind, "labels_hash": labels_hash(records), "passages": len(data.texts),
        "reports": data.report_names(), "training_reports": data.report_names(train_only=True),
        "cross_validation": report}), target)
    click.echo(f"saved the {kind.replace('_', ' ')} to {target}", err=True)


@themes.command("tag")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Theme model directory (default models/themes).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]), default="table",
              show_default=True)
def themes_tag(paths, model_dir, fmt):
    """Tag the passages of reports with themes (the same passages ingest stores)."""
    from corpus_tool.analyze import build_pipeline
    from corpus_tool.ingest import Ingester
    from corpus_tool.tables import write_rows

    overrides = {"themes": {"model": str(model_dir)}} if model_dir else None
    ingester = Ingester(None, lambda: build_pipeline(disable=["language", "entities"], overrides=overrides))
    rows = []
    for path in paths:
        try:
            record = ingester.build_record(path, "")
        except CorpusToolError as exc:
            click.echo(f"corpus-tool: {exc}", err=True)
            continue
        for passage in record.passages:
            themes_found = passage.analysis.themes if passage.analysis else []
            rows.append({"source": path.name, "passage": passage.idx, "start": passage.start, "end": passage.end,
                         "themes": ", ".join(f"{t.id} {t.score:.2f}" for t in themes_found),
                         "text": passage.text[:80].replace("\n", " ")})
    write_rows(rows, fmt, sys.stdout)


@themes.command("label")
@click.argument("reports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--labels", "labels_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("corpus/labels/new.jsonl"), show_default=True, help="JSONL file the decisions go to.")
@click.option("--existing", type=click.Path(exists=True, path_type=Path), default=Path("corpus/labels"),
              show_default=True, help="Labels already made (file or folder); those passages are not shown.")
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Theme model that picks the passages (default models/themes).")
@click.option("-n", "count", type=click.IntRange(1), default=20, show_default=True, help="Passages to show.")
@click.option("--annotator", default=None, help="Your name or initials, stored with each decision.")
def themes_label(reports, labels_path, existing, model_dir, count, annotator):
    """Label passages the current model is least sure about.

    Shows each passage with the themes the model would give.  Answer with theme ids
    separated by commas, Enter to accept the suggestion, '-' for no theme, 's' to
    skip, 'q' to stop.  Every decision is appended to --labels at once (JSONL, the
    format of corpus/labels), so `themes train` can use it."""
    from corpus_tool.analyze import build_pipeline
    from corpus_tool.ingest import Ingester
    from corpus_tool.themes import model as theme_model
    from corpus_tool.themes.labels import append_label, read_labels
    from corpus_tool.themes.training import label_candidates

    try:
        model = theme_model.load(model_dir)
    except FileNotFoundError as exc:
        fail(str(exc))
    done = {(r.source, r.start, r.end) for r in (read_labels(existing) if existing.exists() else [])}
    if labels_path.exists():
        done |= {(r.source, r.start, r.end) for r in read_labels(labels_path)}
    ingester = Ingester(None, lambda: build_pipeline(disable=["language", "entities", "themes"]))
    ids = model.taxonomy.ids
    click.echo("themes: " + ", ".join(ids))
    shown = 0
    for candidate in label_candidates(list(reports), ingester, model, done):
        if shown >= count:
            break
        shown += 1
        click.echo(f"\n[{shown}/{count}] {candidate.record.source} {candidate.record.start}-{candidate.record.end}")
        click.echo(candidate.text)
        suggestion = ",".join(candidate.suggestion) or "-"
        while True:
            answer = click.prompt(f"themes [{suggestion}]", default="", show_default=False).strip()
            if answer == "q":
                return
            if answer == "s":
                break
            chosen = candidate.suggestion if answer == "" else [] if answer == "-" else \
                [a.strip() for a in answer.split(",") if a.strip()]
            unknown = [c for c in chosen if c not in ids]
            if unknown:
                click.echo(f"not in the taxonomy: {', '.join(unknown)}")
                continue
            candidate.record.themes = sorted(chosen)
            candidate.record.extra = {"annotation": {"annotator": annotator, "suggested": candidate.suggestion,
                                                     "uncertainty": round(candidate.uncertainty, 4)}}
            append_label(labels_path, candidate.record)
            break


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


def db_option(f):
    return click.option("--db", "db_url", default=None, metavar="URL",
                        help="Database URL (sqlite:///path.db or postgresql://user@host/db) or an SQLite file "
                             "path. Default: $CORPUS_TOOL_DB, else 'db' in ~/.config/corpus-tool/config.toml, else "
                             "sqlite:///corpus.db.")(f)


def format_option(f):
    return click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                        show_default=True, help="Output format.")(f)


def open_db(db_url):
    from corpus_tool.store import open_store

    try:
        return open_store(db_url)
    except CorpusToolError as exc:
        fail(str(exc))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATH...")
@db_option
@click.option("--metadata", "metadata_csv", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="CSV with a 'file' column and any of title, date, year, period_start, period_end, doc_type, "
                   "region, organisation; its values override what is found in the text.")
@click.option("--force", is_flag=True, help="Analyse again even files whose content is unchanged.")
@models_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Pipeline config (TOML).")
@click.option("--no-repair", is_flag=True, help="Do not repair OCR damage.")
@click.option("--no-themes", is_flag=True, help="Do not tag themes.")
@click.option("--aliases", "aliases_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Entity alias table (TYPE<TAB>canonical name<TAB>alias) linking e.g. THL and "
                   "'Terveyden ja hyvinvoinnin laitos'; default the bundled data/entity_aliases.tsv.")
def ingest(paths, db_url, metadata_csv, force, models, config_file, no_repair, no_themes, aliases_file):
    """Read reports (.txt, .pdf, .docx, .html) into the database.

    PATH is a file or a folder (read recursively).  Each file is extracted,
    normalised into passages, given metadata, and its Finnish passages analysed;
    everything for a file is written in one transaction.  Unchanged files are
    skipped, changed ones replaced.  A file that cannot be read, or has no Finnish
    text, gets one line naming it and the reason, and the batch goes on; the exit
    code is 1 if any failed.
    After the files, persons and organisations are linked across the whole
    database into canonical entities (see `corpus-tool query entities`).
    """
    from corpus_tool.analyze import build_pipeline
    from corpus_tool.ingest import Ingester, discover
    from corpus_tool.metadata import read_overrides

    try:
        overrides = read_overrides(metadata_csv) if metadata_csv else {}
    except CorpusToolError as exc:
        fail(str(exc))
    store = open_db(db_url)
    disable = ["language"] + [n for n, off in (("repair", no_repair), ("themes", no_themes)) if off]

    def pipeline_factory():
        return build_pipeline(config_file, models=models, disable=disable)

    files = discover(paths)
    ingester = Ingester(store, pipeline_factory, overrides, force, aliases=aliases_file)
    import time
    started = time.perf_counter()
    tokens = 0
    with click.progressbar(length=len(files), label="ingesting", file=sys.stderr,
                           item_show_func=lambda _: f"{tokens / max(time.perf_counter() - started, 1e-9):.0f} tokens/s",
                           show_pos=True) as bar:
        def progress(path, status, n_tokens):
            nonlocal tokens
            tokens += n_tokens
            bar.update(1, path)
        try:
            summary = ingester.ingest(files, progress)
        except CorpusToolError as exc:
            fail(str(exc))
    for source, reason in summary.unsupported:
        click.echo(f"corpus-tool: {source}: {reason}", err=True)
    for source, reason in summary.failed:
        click.echo(f"corpus-tool: {source}: {reason}", err=True)
    click.echo(f"ingested {len(summary.ingested)}, skipped {len(summary.skipped)} unchanged, "
               f"{len(summary.unsupported)} unsupported, failed {len(summary.failed)}; "
               f"{summary.tokens} tokens analysed into {store.url}", err=True)
    sys.exit(1 if summary.failed else 0)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def status(db_url, fmt):
    """Show what the database holds: documents, passages, tokens, entities, by year and type."""
    info = open_db(db_url).status()
    if fmt == "json":
        click.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    for key, value in info.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "-"
        click.echo(f"{key:<20} {value}")


@main.group()
def query() -> None:
    """Query themes, words in context, entities and documents in the database."""


@query.command("themes")
@click.option("--by", type=click.Choice(["year", "region", "doc_type"]), default="year", show_default=True)
@click.option("--theme", default=None, help="Only this theme id.")
@format_option
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also draw the passage shares per theme as a chart into this PNG file.")
@db_option
def query_themes(by, theme, fmt, plot, db_url):
    """Documents and passages per theme per group, as counts and shares."""
    from corpus_tool.query import themes_by
    from corpus_tool.tables import write_rows

    rows = themes_by(open_db(db_url), by, theme)
    write_rows(rows, fmt, sys.stdout)
    if plot:
        from corpus_tool.plot import themes_chart
        from corpus_tool.themes.taxonomy import load_taxonomy

        names = {t.id: t.label_fi for t in load_taxonomy().themes}
        themes_chart(rows, by, plot, labels=names)
        click.echo(f"chart written to {plot}", err=True)


@query.command("kwic")
@click.argument("lemma")
@click.option("--window", type=click.IntRange(0, 50), default=5, show_default=True, help="Tokens either side.")
@click.option("--year", "years", default=None, metavar="FROM-TO", help="Only documents of these years, e.g. 2010-2015.")
@click.option("--limit", type=click.IntRange(1), default=200, show_default=True)
@format_option
@db_option
def query_kwic(lemma, window, years, limit, fmt, db_url):
    """Keyword in context over lemmas: LEMMA finds every inflected form (osallisuus ->
    osallisuutta, osallisuuden)."""
    from corpus_tool.query import kwic
    from corpus_tool.tables import write_rows

    year_from = year_to = None
    if years:
        parts = years.split("-")
        if len(parts) != 2 or not all(p.strip().isdigit() or not p.strip() for p in parts):
            fail(f"--year must look like 2010-2015, 2010- or -2015, not {years!r}")
        year_from = int(parts[0]) if parts[0].strip() else None
        year_to = int(parts[1]) if parts[1].strip() else None
    write_rows(kwic(open_db(db_url), lemma, window, year_from, year_to, limit), fmt, sys.stdout, max_width=80)


@query.command("entities")
@click.option("--type", "entity_type", default=None, help="PERSON, ORG, GPE, LOC, DATE, MONEY, ...")
@click.option("--top", type=click.IntRange(1), default=20, show_default=True)
@format_option
@db_option
def query_entities(entity_type, top, fmt, db_url):
    """The most mentioned entities (by base form), with the years they appear in."""
    from corpus_tool.query import entities
    from corpus_tool.tables import write_rows

    write_rows(entities(open_db(db_url), entity_type, top), fmt, sys.stdout)


@query.command("docs")
@format_option
@db_option
def query_docs(fmt, db_url):
    """The documents with their metadata."""
    from corpus_tool.query import documents
    from corpus_tool.tables import write_rows

    write_rows(documents(open_db(db_url)), fmt, sys.stdout)


@main.command()
@click.argument("what", type=click.Choice(["documents", "docs", "passages", "entities", "canonical"]))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "docbin"]), default="jsonl", show_default=True,
              help="docbin (documents only): a spaCy DocBin file with tokens, lemmas, POS, morphology, "
                   "sentences and entities with their values; needs -o FILE.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (default stdout).")
@db_option
def export(what, fmt, output, db_url):
    """Export documents (with raw and normalised text), passages, entity mentions or
    canonical entities for other systems.

    \b
    entities:  one row per mention: document, offsets, type, text, norm, value,
               currency, role, canonical id and name (schema: docs/export-schema.md)
    canonical: one row per linked person/organisation/place: name, aliases,
               mentions, documents, first and last year
    docs --format docbin -o corpus.spacy: a spaCy DocBin of the analysed corpus
    """
    from corpus_tool.query import export_columns, export_rows
    from corpus_tool.tables import write_rows

    what = "documents" if what == "docs" else what
    store = open_db(db_url)
    if fmt == "docbin":
        if what != "documents" or output is None:
            fail("--format docbin exports documents and needs -o FILE")
        from corpus_tool.docbin import write_docbin

        n = write_docbin(store, output)
        click.echo(f"wrote {n} documents to {output}", err=True)
        return
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        write_rows(export_rows(store, what), fmt, out, columns=export_columns(what))
    finally:
        if output:
            out.close()


if __name__ == "__main__":
    main()
