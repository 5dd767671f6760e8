"""Classifier pieces that need no trained model: text input, scope rules, flags, metrics,
signed model files and the label repository."""
from __future__ import annotations

import os
import pickle

import numpy as np
import pytest

from classifier.flags import flags_from_fields
from classifier.metrics import evaluate
from classifier.persistence import MAGIC, installation_key, load_model, read_header, save_model
from classifier.scope import decide_scope, presumed_scope
from classifier.text import DocumentText, read_file
from corpus import labels
from corpus.document import Document, Page
from corpus.documents import save_document
from corpus.errors import ModelError, UntrustedModel, UsageError
from corpus.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()


# -- text ---------------------------------------------------------------------------------
def test_document_text_locates_offsets_on_pages():
    doc = DocumentText(("first page", "second page text"))
    offset = doc.full_text.index("text")
    assert doc.locate(offset) == (2, doc.pages[1].index("text"))
    assert DocumentText.of("a\fb").pages == ("a", "b")
    assert DocumentText.of(("MEMORANDUM OF AGREEMENT", "body")).head(12) == "MEMORANDUM O"


def test_garbage_text_layer_is_unreadable():
    prose = "This agreement is made between the parties and shall be effective on the date of signature. " * 5
    shifted = "".join(chr(ord(c) - 29) if c.isalpha() else c for c in prose)   # a broken font map
    assert DocumentText((prose,)).readable
    assert not DocumentText((shifted,)).readable
    assert not DocumentText(("",)).readable


def test_read_file_refuses_other_formats(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"PK")
    with pytest.raises(UsageError):
        read_file(tmp_path / "missing.txt")
    with pytest.raises(Exception) as info:
        read_file(path)
    assert getattr(info.value, "code", "") == "unsupported_format"


# -- scope rules ----------------------------------------------------------------------------
@pytest.mark.parametrize("type_code, fields, heading, expected, rule", [
    ("287g", [], "", "exempt:287g", "exempt-type"),
    ("iaa", [{"name": "data_direction", "normalized": "outbound"}], "", "exempt:iaa", "exempt-type"),
    ("mou", [{"name": "data_direction", "normalized": "outbound"}], "", "in_scope", "outbound"),
    ("moa", [{"name": "data_direction", "normalized": "both"}], "", "in_scope", "outbound"),
    ("mou", [{"name": "data_direction", "normalized": "inbound"}], "", "out_of_scope:inbound_only", "inbound-only"),
    ("directive", [], "", "out_of_scope:not_agreement", "not-an-agreement"),
    ("other_agreement", [{"name": "party", "value": "U.S. Customs and Border Protection"},
                         {"name": "party", "value": "Acme Widgets, Inc."}], "", "exempt:vendor", "vendor"),
    ("other_agreement", [{"name": "party", "value": "Acme Widgets, Inc."},
                         {"name": "party", "value": "Beta Corp."}], "", "out_of_scope:not_agreement", "not-an-isaa"),
    ("mou", [], "MEMORANDUM OF UNDERSTANDING regarding a court order for discovery", "exempt:court_order",
     "exempt-cue"),
])
def test_scope_rules_name_the_rule(type_code, fields, heading, expected, rule):
    decision = decide_scope(type_code, TAXONOMY, fields, heading)
    assert (decision.code, decision.rule) == (expected, rule)
    assert decision.explanation and decision.code in TAXONOMY.scope_codes


def test_scope_of_isaa_without_direction_is_left_to_learning_or_presumption():
    assert decide_scope("mou", TAXONOMY, [], "MEMORANDUM OF UNDERSTANDING") is None
    presumed = presumed_scope("mou", TAXONOMY)
    assert presumed.code == "in_scope" and presumed.unsure and not presumed.decided_by_rule


# -- flags ----------------------------------------------------------------------------------
def test_flags_come_from_metadata_fields_with_evidence():
    pages = ["Released (b)(6) and (b)(7)(C). Title III intercept material follows."]
    fields = [{"name": "foia_code", "value": "(b)(6)", "normalized": "(b)(6)", "page": 1, "start": 9, "end": 15},
              {"name": "foia_code", "value": "(b)(6)", "normalized": "(b)(6)", "page": 1, "start": 9, "end": 15},
              {"name": "restricted_flag", "value": "Title III intercept", "normalized": "title_iii",
               "page": 1, "start": 34, "end": 53},
              {"name": "party", "value": "ICE"}]
    flags = flags_from_fields(fields, TAXONOMY, pages)
    assert [(f["code"], f["kind"]) for f in flags] == [("(b)(6)", "foia"), ("title_iii", "restricted")]
    assert flags[1]["label"] == "Title III intercepts"
    assert flags[1]["evidence"][0]["page"] == 1 and "Title III" in flags[1]["evidence"][0]["text"]


# -- metrics --------------------------------------------------------------------------------
def test_metrics_report_calibration_and_abstention():
    truth = ["a", "a", "b", "b", "b", "c"]
    predicted = ["a", "b", "b", "b", "b", "a"]
    probability = [0.9, 0.4, 0.95, 0.9, 0.85, 0.5]
    unsure = [False, True, False, False, False, True]
    m = evaluate(truth, predicted, probability, unsure)
    assert m["count"] == 6 and m["accuracy"] == pytest.approx(4 / 6, abs=1e-3)
    assert m["per_class"]["b"]["recall"] == 1.0 and m["per_class"]["c"]["f1"] == 0.0
    assert m["confusion"]["matrix"][0] == [1, 1, 0]
    assert m["unsure_error_rate"] == 1.0 and m["confident_error_rate"] == 0.0
    assert 0.0 <= m["ece"] <= 1.0 and sum(b["count"] for b in m["calibration_bins"]) == 6


# -- signed model files ---------------------------------------------------------------------
def test_model_files_are_signed_and_written_atomically(config, tmp_path):
    key = installation_key(config)
    path = tmp_path / "m.model"
    save_model({"weights": [1, 2, 3]}, path, key, version="v1")
    assert path.read_bytes().startswith(MAGIC)
    assert not list(tmp_path.glob(".*tmp"))
    obj, header = load_model(path, key)
    assert obj == {"weights": [1, 2, 3]} and header["version"] == "v1"


def test_a_model_from_elsewhere_is_refused(config, tmp_path):
    path = tmp_path / "m.model"
    save_model({"x": 1}, path, installation_key(config))
    other = installation_key(config.replace(ACCORD_SECRET_KEY="another-installation"))
    with pytest.raises(UntrustedModel):
        load_model(path, other)
    # A tampered payload fails the signature too; a bare pickle is not even a model file.
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    with pytest.raises(UntrustedModel):
        load_model(path, installation_key(config))
    path.write_bytes(pickle.dumps({"x": 1}))
    with pytest.raises(UntrustedModel):
        load_model(path, installation_key(config))


def test_a_model_from_another_sklearn_version_asks_for_retraining(config, tmp_path, monkeypatch):
    import sklearn
    path = tmp_path / "m.model"
    monkeypatch.setattr(sklearn, "__version__", "0.0.1")
    save_model({"x": 1}, path, installation_key(config))
    monkeypatch.undo()
    assert read_header(path)[0]["sklearn"] == "0.0.1"
    with pytest.raises(ModelError) as info:
        load_model(path, installation_key(config))
    assert info.value.code == "stale_model"


def test_generated_key_file_is_private(config):
    keyless = config.replace(ACCORD_SECRET_KEY="")
    first = installation_key(keyless)
    assert installation_key(keyless) == first
    assert oct(os.stat(keyless.home / "secret_key").st_mode & 0o777) == "0o600"


# -- label repository -----------------------------------------------------------------------
def _stored_doc(store, n: int) -> int:
    doc = Document(source_path=f"/in/{n}.pdf", filename=f"{n}.pdf", sha256=f"{n:064x}", size=1,
                   mime="application/pdf")
    doc.pages = [Page(1, "text")]
    return save_document(store, doc)[0]


def test_labels_keep_history_and_the_newest_decision_wins(store):
    doc = _stored_doc(store, 1)
    labels.add_suggestion(store, doc, "type", "mou", confidence=0.6, margin=0.1, model_version="v1")
    labels.add_suggestion(store, doc, "flag", "(b)(6)", source="rule")
    assert labels.confirmed_labels(store, "type") == []
    labels.record_decision(store, doc, "type", "moa", "alice", "correct")
    labels.record_decision(store, doc, "flag", "(b)(6)", "alice", "reject")
    current = labels.current_labels(store, doc)
    assert current["type"].value == "moa" and current["type"].status == "corrected"
    assert current["type"].created_by == "alice" and current["type"].created_at is not None
    assert current["flags"] == {}
    assert [h.status for h in labels.history(store, doc)] == ["suggested", "suggested", "corrected", "rejected"]
    assert labels.confirmed_labels(store, "type") == [(doc, "moa")]
    assert labels.new_labels_since(store, 0) == 2
    with pytest.raises(UsageError):
        labels.record_decision(store, doc, "type", "moa", "alice", "approve")
    with pytest.raises(UsageError):
        labels.record_decision(store, doc, "type", "moa", "", "accept")


def test_unsure_decision_keeps_the_document_pending(store):
    doc = _stored_doc(store, 2)
    labels.add_suggestion(store, doc, "type", "loi", confidence=0.5, margin=0.05)
    labels.record_decision(store, doc, "type", "loi", "bob", "unsure")
    pending = labels.current_suggestions(store, "type")
    assert [(p.document_id, p.status) for p in pending] == [(doc, "unsure")]
    assert np.isclose(labels.reviewer_label_count(store), 1)


def test_cli_decision_is_audited(config, store):
    from click.testing import CliRunner

    from corpus import audit
    from web.cli import cli
    doc = _stored_doc(store, 3)
    labels.add_suggestion(store, doc, "type", "mou", confidence=0.6, margin=0.1, model_version="v1")
    result = CliRunner().invoke(cli, ["--home", str(config.home), "classifier", "decide", str(doc), "type", "moa",
                                      "--action", "correct", "--as", "alice"],
                                env={"ACCORD_SECRET_KEY": "test-secret", "ACCORD_RETRAIN_AFTER_LABELS": "1000"})
    assert result.exit_code == 0, result.output
    event = audit.events(store, action="label")[0]
    # The OS account that ran the command is the actor; the reviewer it named is kept beside it.
    from web.services import Services
    assert (event["actor"], event["details"]["as"], event["target"], event["details"]["value"]) == \
        (Services.cli_actor(), "alice", str(doc), "moa")
