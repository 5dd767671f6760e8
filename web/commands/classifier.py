"""`accord classify` and `accord classifier ...`: suggestions, training, prediction, versions."""
from __future__ import annotations

import json
from pathlib import Path

import click

from corpus import audit, labels
from web.services import Services


def register(cli: click.Group) -> None:
    cli.add_command(classify)
    cli.add_command(classifier_group)


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, default=str))


@click.command()
@click.argument("document_id", required=False)
@click.option("--all", "all_documents", is_flag=True, help="Classify every document in the store.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document.")
@click.pass_obj
def classify(services: Services, document_id: str | None, all_documents: bool, as_json: bool) -> None:
    """Suggest type, directive scope and release flags for stored documents (stored as label
    suggestions; a reviewer's confirmed tags are kept)."""
    from corpus.documents import document_ids, require_known_document
    from corpus.errors import UsageError
    if bool(document_id) == all_documents:
        raise UsageError("give one document id or --all", hint="Example: accord classify 42")
    ids = document_ids(services.store) if all_documents else [require_known_document(services.store, document_id)]
    with services.changes_in_batches() as changed:
        for doc_id in ids:
            result = services.classifier.suggest(doc_id)
            changed(doc_id)
            audit.record(services.store, services.cli_actor(), "classify", str(doc_id),
                         details={"via": "cli", "type": result["type"]["label"], "scope": result["scope"]["code"],
                                  "flags": [f["code"] for f in result["flags"]]})
            if as_json:
                _echo_json(result)
                continue
            t, s = result["type"], result["scope"]
            click.echo(f"{doc_id}: {t['label']} p={t['probability']:.2f} margin={t['margin']:.2f}"
                       f"{' UNSURE (' + t['reason'] + ')' if t['unsure'] else ''}")
            for ev in t["evidence"][:3]:
                click.echo(f"    p.{ev['page']}: \"{ev['text']}\"")
            click.echo(f"    scope: {s['code']}{' UNSURE' if s['unsure'] else ''} [rule {s['rule']}; "
                       f"{s['directive']}] {s['explanation']}")
            for ev in s["evidence"][:2]:
                click.echo(f"    p.{ev['page']} ({ev['direction']}): \"{ev['text'][:160]}\"")
            if result["flags"]:
                click.echo(f"    flags: {', '.join(f['code'] for f in result['flags'])}")


@click.group("classifier")
def classifier_group() -> None:
    """Train, evaluate, version and roll back the document-type classifier."""


@classifier_group.command()
@click.option("--labels", "labels_csv", type=click.Path(exists=True, dir_okay=False),
              help="CSV with a `text` or `file` column (paths relative to the CSV) and a label column.")
@click.option("--label-column", default="type", show_default=True)
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Model file to write (with --labels).")
@click.option("--demo", "demo", is_flag=True, help="Make the default model current: the shipped one, or with "
              "--count one trained on that many demo documents.")
@click.option("--count", default=None, type=click.IntRange(100), help="Demo documents to train on (with --demo).")
@click.pass_obj
def fit(services: Services, labels_csv: str | None, label_column: str, out: str | None, demo: bool,
        count: int | None) -> None:
    """Train a model: from a labelled CSV into a model file, or the default model from the demo corpus."""
    from classifier import training
    from classifier.persistence import installation_key, save_model
    from corpus.errors import UsageError
    if demo:
        version = services.classifier.fit_default(**({"count": count} if count else {}))
        click.echo(f"{version.version}: {version.note}; held-out macro-F1 {version.metrics.get('macro_f1')} "
                   f"(ECE {version.metrics.get('ece')}); now current")
        return
    if not labels_csv or not out:
        raise UsageError("give --labels CSV --out MODEL, or --demo",
                         hint="Example: accord classifier fit --labels labels.csv --out contracts.model")
    examples = training.csv_examples(labels_csv, label_column)
    model = training.fit_model(examples)
    save_model({"type": model, "scope": None}, out, installation_key(services.config),
               labels=str(Path(labels_csv).resolve()), label_column=label_column)
    click.echo(f"wrote {out}: {len(examples)} documents, {len(model.classes_)} labels; unsure below "
               f"p={model.min_probability_:.2f} or margin={model.min_margin_:.2f}")


@classifier_group.command("build-default")
@click.option("--data", "data", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The public data folder (../shared/data).")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write model.json, arrays.npz and manifest.json into (default: the shipped model's).")
@click.option("--cache", "cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder caching extracted and OCR'd texts by sha256 (keep it outside the repository).")
@click.option("--ocr-store", "ocr_stores", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="ACCORD_HOME of a store that already ingested (OCR'd) some of the files; read only.")
@click.option("--from-manifest", "from_manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Rebuild with a manifest's parameters, checking every input file's sha256 against it.")
@click.option("--cv-folds", default=None, type=click.IntRange(0, 10),
              help="Cross-validation folds for the held-out metrics (0: skip; default 5).")
@click.pass_obj
def build_default(services: Services, data: Path, out: Path | None, cache: Path | None, ocr_stores: tuple,
                  from_manifest: Path | None, cv_folds: int | None) -> None:
    """Rebuild the shipped default model from the public documents (and the demo corpus)."""
    from classifier import shipped, training
    from corpus.errors import UsageError
    from web.training_sources import CONTRACT_SAMPLE, LABELLED_FOLDERS, TextReader, collect_sources, read_examples
    settings = {"demo_count": training.SHIPPED_DEMO_COUNT, "contract_sample": CONTRACT_SAMPLE,
                "cv_folds": training.CV_FOLDS}
    expected = None
    if from_manifest:
        recorded = json.loads(from_manifest.read_text(encoding="utf-8"))
        settings.update({k: recorded["build"][k] for k in settings})
        expected = {(s["folder"], s["file"]): s["sha256"] for s in recorded["sources"]}
    if cv_folds is not None:
        settings["cv_folds"] = cv_folds
    sources = collect_sources(data, contract_sample=settings["contract_sample"])
    if expected is not None:
        found = {(s.folder, s.file): s.sha256 for s in sources}
        if found != expected:
            changed = sorted(set(found.items()) ^ set(expected.items()))[:5]
            raise UsageError(f"the data folder differs from the manifest's sources (e.g. {changed})",
                             hint="Rebuild from the same data, or without --from-manifest.")
    reader = TextReader(services.config, cache, list(ocr_stores))
    examples = read_examples(data, sources, reader)
    click.echo(f"read {len(examples)} real documents ({reader.ocr_pages} pages OCR'd now)")
    taxonomy = services.classifier.taxonomy
    labelled = {s.key for s in sources if s.folder in LABELLED_FOLDERS}
    model, metrics = training.build_default_model(
        examples, taxonomy, demo_count=settings["demo_count"], evaluated=labelled, cv_folds=settings["cv_folds"],
        progress=lambda n, total: click.echo(f"cross-validation fold {n}/{total} done"))
    manifest = {"sources": [s.to_dict() for s in sources], "code_version": _code_version(),
                "parameters": {k: (list(v) if isinstance(v, tuple) else v) for k, v in model.get_params().items()},
                "build": settings, "metrics": metrics, "classes": [str(c) for c in model.classes_],
                "trained_on": {"real": len(examples), "demo": training.demo_train_count(settings["demo_count"])}}
    written = shipped.save_shipped(model, manifest, out or shipped.DEFAULT_DIR)
    click.echo(f"wrote {out or shipped.DEFAULT_DIR}: {len(model.classes_)} types, {model.n_features_out_} features")
    click.echo(shipped.format_manifest(written))


def _code_version() -> str:
    """The git commit of this checkout (with "+changes" when the working tree differs from it)."""
    import subprocess
    root = Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "classifier", "web", "corpus"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+changes" if dirty else "")


@classifier_group.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False),
              help="Model file from `accord classifier fit` (default: the store's current model).")
@click.option("--labels", "labels_csv", type=click.Path(exists=True, dir_okay=False),
              help="Predict every file of a labels CSV (its label column is echoed as `truth`).")
@click.option("--label-column", default="type", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON line per file.")
@click.pass_obj
def predict(services: Services, files: tuple[str, ...], model_path: str | None, labels_csv: str | None,
            label_column: str, as_json: bool) -> None:
    """Predict the type of raw PDF/TXT files (nothing is stored)."""
    from classifier import training
    from classifier.persistence import installation_key, load_model
    from classifier.text import read_file
    from corpus.errors import UsageError
    if not files and not labels_csv:
        raise UsageError("give FILE... or --labels CSV")
    if model_path:
        model = load_model(model_path, installation_key(services.config))[0]["type"]
        run = lambda docs: [p.to_dict() for p in model.predictions(docs)]   # noqa: E731
    else:
        run = services.classifier.predict_texts
    items = [(str(f), read_file(f), None) for f in files]
    if labels_csv:
        items += [(ex.key.split(":", 1)[1], ex.doc, ex.label) for ex in training.csv_examples(labels_csv, label_column)]
    for start in range(0, len(items), 64):
        batch = items[start:start + 64]
        for (name, _, truth), p in zip(batch, run([doc for _, doc, _ in batch])):
            row = {"file": name, "label": p["label"], "probability": p["probability"], "unsure": p["unsure"],
                   "margin": p["margin"], **({"truth": truth} if truth is not None else {}),
                   **({"reason": p["reason"]} if p["unsure"] else {})}
            if as_json:
                _echo_json(row)
            else:
                click.echo(f"{row['label']:<20} p={row['probability']:.2f}{' unsure' if row['unsure'] else '':<7} {name}")


@classifier_group.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def report(services: Services, as_json: bool) -> None:
    """Held-out metrics of the current model (per-class P/R/F1, macro-F1, confusion, calibration)
    and the shipped default model's manifest."""
    from classifier.metrics import format_report
    from corpus.errors import ModelError
    metrics = services.classifier.current_metrics()
    if metrics is None:
        raise ModelError("no classifier model yet",
                         hint="`accord classifier fit --demo` trains the default one (so does the first suggestion).")
    manifest = services.classifier.shipped_manifest()
    if as_json:
        _echo_json({**metrics, "shipped_manifest": manifest})
        return
    click.echo(f"model {metrics['version']} (trained on {metrics['trained_on']}; "
               f"evaluated on {metrics.get('evaluated_on', 'its held-out split')})")
    click.echo(format_report(metrics))
    if services.classifier.last_retrain_error:
        click.echo(f"\nthe last automatic retrain failed: {services.classifier.last_retrain_error}")
    if manifest is not None:
        from classifier.shipped import format_manifest
        click.echo("\n" + format_manifest(manifest))


@classifier_group.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def versions(services: Services, as_json: bool) -> None:
    """List model versions with their held-out macro-F1; * marks the current one."""
    rows = services.classifier.versions()
    if as_json:
        _echo_json([v.to_dict(with_metrics=False) for v in rows])
        return
    if not rows:
        click.echo("no model versions yet (the first suggestion trains one, or `accord classifier fit --demo`)")
    for v in rows:
        click.echo(f"{'*' if v.promoted else ' '} {v.version:<6} {v.created_at:%Y-%m-%d %H:%M}  "
                   f"{v.trained_on:<12} n={v.train_count:<6} macro-F1={v.metrics.get('macro_f1')}  {v.note}")


@classifier_group.command()
@click.argument("version")
@click.pass_obj
def rollback(services: Services, version: str) -> None:
    """Make VERSION the current model."""
    v = services.classifier.rollback(version)
    audit.record(services.store, services.cli_actor(), "retrain", v.version,
                 details={"via": "cli", "change": "rollback"})
    click.echo(f"{v.version} is now current (held-out macro-F1 {v.metrics.get('macro_f1')})")


@classifier_group.command()
@click.option("--as", "reviewer", default=None, help="Name recorded with the version (default: cli:OS-USER).")
@click.pass_obj
def retrain(services: Services, reviewer: str | None) -> None:
    """Train a new version from the demo corpus and reviewers' confirmed labels; promote it unless
    it scores worse than the current one on the same held-out split. With ACCORD_BROKER_URL set, a
    worker taking the train queue trains it."""
    if services.config["ACCORD_BROKER_URL"]:
        from web.queue_jobs import retrain_on_queue
        r = retrain_on_queue(services.config, reviewer=reviewer or services.cli_actor(), actor=services.cli_actor())
        click.echo(f"{r['version']}: held-out macro-F1 {r['macro_f1']}; "
                   f"{'current' if r['promoted'] else 'kept the current version'} — {r['note']} (worker {r['worker']})")
        return
    v = services.classifier.retrain(reviewer=reviewer or services.cli_actor())
    audit.record(services.store, services.cli_actor(), "retrain", v.version,
                 details={"via": "cli", "as": reviewer or "", "promoted": v.promoted})
    click.echo(f"{v.version}: held-out macro-F1 {v.metrics.get('macro_f1')}; "
               f"{'current' if v.promoted else 'kept the current version'} — {v.note}")


@classifier_group.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def queue(services: Services, limit: int, as_json: bool) -> None:
    """The review queue: unconfirmed type suggestions, most uncertain first."""
    for item in services.classifier.review_queue(limit=limit):
        if as_json:
            _echo_json(item)
        else:
            click.echo(f"{item['document_id']:>6}  {item['label']:<16} p={item['probability'] or 0:.2f} "
                       f"margin={item['margin'] or 0:.2f}  {item['filename']}")


@classifier_group.command()
@click.argument("document_id")
@click.argument("kind", type=click.Choice(labels.KINDS))
@click.argument("value", required=False, default="")
@click.option("--action", default="accept", show_default=True,
              type=click.Choice(list(labels.ACTIONS)))
@click.option("--as", "reviewer", required=True, help="The reviewer's name (recorded with the decision).")
@click.pass_obj
def decide(services: Services, document_id: str, kind: str, value: str, action: str, reviewer: str) -> None:
    """Record a reviewer's decision on a document's type, scope or flag."""
    from corpus.documents import require_known_document
    doc_id = require_known_document(services.store, document_id)
    services.classifier.decide(doc_id, kind, value, reviewer, action)
    # Every tag change is audited, from the CLI as from the web.
    audit.record(services.store, services.cli_actor(), "label", str(doc_id),
                 details={"kind": kind, "value": value, "decision": action, "via": "cli", "as": reviewer})
    services.classifier.wait_for_retrain()   # an automatic retrain runs in a child process (watched by a thread); let it finish
    services.document_changed(doc_id)
    click.echo(f"{doc_id}: {kind} {action} {value}".rstrip())
