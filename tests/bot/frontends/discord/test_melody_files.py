"""The attachments of a posted melody: at most 10, together within the upload limit, the
picture as asked (score by default, the piano roll with picture:pianoroll)."""

from __future__ import annotations

from bot.frontends.discord.limits import MAX_ATTACHMENTS
from bot.frontends.discord.melody_reply import melody_embed, melody_files
from bot.runtime.jobs import Rendered
from engine.params.melody import MelodyParams

PNG = b"\x89PNG\r\n\x1a\n"


def _rendered(score_pages: int, page_bytes: int = 1_000) -> Rendered:
    return Rendered(
        params=MelodyParams(seed=4),
        midi=b"MThd" + bytes(100),
        mp3=b"ID3" + bytes(5_000),
        png=PNG + b"roll",
        duration_seconds=16.0,
        notes=32,
        title="C major melody, seed 4",
        score=tuple(PNG + bytes(page_bytes) for _ in range(score_pages)),
        abc="X:1\nK:C\nC4 |]\n",
        musicxml="<score-partwise/>",
    )


def test_the_score_is_the_picture_and_every_file_is_attached():
    rendered = _rendered(score_pages=1)
    files, skipped = melody_files(rendered, 10 * 2**20)
    names = [f.filename for f in files]
    slug = rendered.params.slug
    assert names == [f"{slug}.{s}" for s in ("mp3", "mid", "score.png", "abc", "musicxml")]
    assert skipped == []
    assert melody_embed(rendered).image.url == f"attachment://{slug}.score.png"


def test_picture_pianoroll_attaches_the_roll_instead():
    rendered = _rendered(score_pages=1)
    files, _ = melody_files(rendered, 10 * 2**20, "pianoroll")
    assert f"{rendered.params.slug}.png" in [f.filename for f in files]
    assert not any(f.filename.endswith(".score.png") for f in files)
    assert melody_embed(rendered, picture="pianoroll").image.url.endswith(".png")


def test_many_pages_keep_to_ten_attachments_and_name_the_rest():
    rendered = _rendered(score_pages=12)
    files, skipped = melody_files(rendered, 10 * 2**20)
    assert len(files) == MAX_ATTACHMENTS
    names = [f.filename for f in files]
    assert f"{rendered.params.slug}.abc" in names and f"{rendered.params.slug}.musicxml" in names
    assert len(skipped) == 12 + 4 - MAX_ATTACHMENTS  # the last pages of the score


def test_the_files_fit_the_limit_together_not_only_each():
    files, skipped = melody_files(_rendered(score_pages=3, page_bytes=3_000), 8_000)
    assert sum(len(f.fp.getvalue()) for f in files) <= 8_000
    assert skipped  # each page alone would fit; all of them together do not
