"""Finding the SoundFont that renders melodies to audio.

Search order: an explicit path (the `SOUNDFONT_PATH` setting, which the
launcher and the CLI read from the environment or `.env`), `soundfonts/*.sf2|*.sf3`
in the project, Debian's FluidR3 GM, then MuseScore General. Nothing found raises
`SoundFontMissing`, whose text is the one-line fix.

Public API: `find_soundfont`, `soundfont_fingerprint`, `SoundFontMissing`, `SYSTEM_SOUNDFONTS`.
"""

from __future__ import annotations

from pathlib import Path

from engine.errors import SoundFontMissing

PROJECT_SOUNDFONT_DIR = Path(__file__).resolve().parents[2] / "soundfonts"
SYSTEM_SOUNDFONTS: tuple[Path, ...] = (
    Path("/usr/share/sounds/sf2/FluidR3_GM.sf2"),
    Path("/usr/share/sounds/sf3/MuseScore_General.sf3"),
)
SOUNDFONT_SUFFIXES = (".sf2", ".sf3")


def _project_soundfonts(folder: Path) -> list[Path]:
    """SoundFonts dropped into the project folder, in name order so the choice is stable."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SOUNDFONT_SUFFIXES)


def find_soundfont(
    explicit: Path | str | None = None,
    *,
    project_dir: Path = PROJECT_SOUNDFONT_DIR,
    system: tuple[Path, ...] = SYSTEM_SOUNDFONTS,
) -> Path:
    """The SoundFont to use, by the search order in the module docstring.

    An explicit path that does not exist is an
    error rather than silently falling back, so a typo is noticed.
    """
    if explicit:
        path = Path(explicit).expanduser()
        if path.is_file():
            return path
        raise SoundFontMissing(
            f"SOUNDFONT_PATH is {path}, which is not a file. Point it at an .sf2 or .sf3 "
            "SoundFont, or unset it to use the one in soundfonts/ or Debian's."
        )
    for path in (*_project_soundfonts(project_dir), *system):
        if path.is_file():
            return path
    raise SoundFontMissing(
        "No SoundFont found. Run `make` (installs Debian's fluid-soundfont-gm), or put an "
        ".sf2/.sf3 file in soundfonts/, or set SOUNDFONT_PATH to one."
    )


def soundfont_fingerprint(path: Path) -> str:
    """A cheap identity of a SoundFont file (resolved path, size in bytes, mtime in ns).

    Cached audio is keyed on it, so replacing the SoundFont invalidates the cache.
    """
    resolved = path.resolve()
    stat = resolved.stat()
    return f"{resolved}:{stat.st_size}:{stat.st_mtime_ns}"
