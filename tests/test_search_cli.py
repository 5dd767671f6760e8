"""`accord search` and `accord reindex`."""
from __future__ import annotations

import json

from click.testing import CliRunner

from corpus.store import Store
from test_search import add_doc
from web.cli import cli


def test_search_cli_text_json_as_user_and_reindex(config):
    store = Store(config)
    add_doc(store, "mou-ice.pdf", ["Cover.", "Terms of the agreement with <b>ICE</b> on fingerprint sharing."],
            title="MOU with ICE", type_="mou")
    store.dispose()
    runner = CliRunner()
    home = str(config.home)
    result = runner.invoke(cli, ["--home", home, "reindex"])
    assert result.exit_code == 0, result.output
    assert "1 documents" in result.output
    result = runner.invoke(cli, ["--home", home, "search", "fingerprint"])
    assert result.exit_code == 0, result.output
    assert "mou-ice.pdf" in result.output and "p.2" in result.output and "[fingerprint]" in result.output
    assert "type: mou (1)" in result.output and "1 documents (exact)" in result.output
    data = json.loads(runner.invoke(cli, ["--home", home, "search", "--json", "fingerprint"]).output)
    assert data["total"] == 1 and data["hits"][0]["page"] == 2
    hit = data["hits"][0]
    assert [hit["snippet"][a:b] for a, b in hit["spans"]] == ["fingerprint"] and "<b>ICE</b>" in hit["snippet"]
    result = runner.invoke(cli, ["--home", home, "search", '"fingerprint sharing'])   # an unbalanced quote is words
    assert result.exit_code == 0 and "1 documents (exact)" in result.output
    result = runner.invoke(cli, ["--home", home, "search", "--filter", "colour=red", "fingerprint"])
    assert result.exit_code == 64 and "unknown filter" in result.output
    result = runner.invoke(cli, ["--home", home, "search", "--as", "nobody", "fingerprint"])
    assert result.exit_code == 0 and "1 documents (exact)" in result.output
