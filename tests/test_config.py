import pytest

from corpus.config import SETTINGS, load_config
from corpus.errors import ConfigError


def test_defaults_then_instance_file_then_environment_then_overrides(tmp_path):
    home = tmp_path / "h"
    home.mkdir()
    (home / "accord.toml").write_text("max_pages = 10\nocr_dpi = 200\nocr_lang = 'deu'\n")
    config = load_config(home, environ={"ACCORD_OCR_DPI": "250", "ACCORD_OCR_LANG": "fra"},
                         overrides={"ACCORD_OCR_LANG": "spa"})
    assert config["ACCORD_MAX_PAGES"] == 10          # instance file beats default
    assert config["ACCORD_OCR_DPI"] == 250           # environment beats instance file
    assert config["ACCORD_OCR_LANG"] == "spa"        # explicit mapping beats environment
    assert config["ACCORD_JOBS"] == 2                # untouched default


def test_home_option_beats_environment(tmp_path):
    config = load_config(tmp_path / "cli", environ={"ACCORD_HOME": str(tmp_path / "env")})
    assert config.home == (tmp_path / "cli").resolve()
    assert config.database_url == f"sqlite:///{(tmp_path / 'cli').resolve() / 'accord.db'}"


def test_invalid_value_names_the_setting(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, environ={"ACCORD_MAX_PAGES": "lots"})
    assert "ACCORD_MAX_PAGES" in str(info.value)
    assert info.value.exit_code == 78


def test_unknown_instance_key_is_refused(tmp_path):
    (tmp_path / "accord.toml").write_text("max_pagez = 3\n")
    with pytest.raises(ConfigError):
        load_config(tmp_path, environ={})


def test_every_setting_has_help():
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert all(s.help and s.name.startswith("ACCORD_") for s in SETTINGS)
