"""DATABASE_URL: which database a setting names, and its password kept out of every line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import BadSetting, Settings, load_settings
from bot.store.engine import Target

URL = "postgresql://melodybot:s3cr%21t@db.example:5432/bot"


def test_a_postgresql_url_is_postgresql_and_anything_else_a_sqlite_file():
    postgres = Target.parse(URL)
    assert not postgres.is_sqlite
    assert postgres.describe() == "postgresql://melodybot:***@db.example:5432/bot"
    sqlite = Target.parse(Path("data/melodybot.db"))
    assert sqlite.is_sqlite and sqlite.describe() == "data/melodybot.db"


def test_the_database_password_is_one_of_the_secrets_logs_mask():
    assert Settings(database_url=URL, _env_file=None).secrets() == ("s3cr!t",)
    assert Settings(_env_file=None).secrets() == ()


def test_a_database_url_of_another_kind_is_refused_in_one_line(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no developer's .env
    monkeypatch.setenv("DATABASE_URL", "mysql://bot@db/bot")
    with pytest.raises(BadSetting) as caught:
        load_settings()
    assert str(caught.value).startswith("bad setting in the environment or .env: DATABASE_URL:")
    assert "\n" not in str(caught.value)
