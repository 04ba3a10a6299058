"""Settings: the shipped .env.example works as a .env, and tokens never show in reprs."""

from pathlib import Path

from bot.settings import Settings

EXAMPLE = Path(__file__).parents[2] / ".env.example"


def test_a_copied_env_example_means_console_defaults(monkeypatch, tmp_path):
    for name in ("DISCORD_TOKEN", "TELEGRAM_TOKEN", "DISCORD_GUILD_ID", "SOUNDFONT_PATH",
                 "WORKERS", "DATABASE_PATH"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=EXAMPLE)
    assert not settings.has_discord
    assert not settings.has_telegram
    assert settings.soundfont_path is None
    assert settings.discord_guild_id is None
    assert settings.workers >= 1
    assert settings.database_path == Path("data/melodybot.db")


def test_tokens_are_secret_in_reprs(tmp_path):
    env = tmp_path / ".env"
    env.write_text("DISCORD_TOKEN=abc.def.ghi\nTELEGRAM_TOKEN=123:XYZ\n")
    settings = Settings(_env_file=env)
    assert settings.has_discord and settings.has_telegram
    assert "abc.def.ghi" not in repr(settings)
    assert "123:XYZ" not in repr(settings)
