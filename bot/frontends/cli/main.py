"""The `melodybot` command line: `melodybot generate key:D scale:minor bars:16 seed:7 --out DIR`.

Parameters use the one grammar (`name:value`, see `bot.grammar`), before,
between or after the flags; bad input exits with status 2 and one line on stderr.
File names carry a short hash of every parameter, and an existing file is never
overwritten without `--force`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.config import load_settings
from bot.errors import EXPECTED, user_message
from bot.frontends.cli import db, stimuli, worker
from bot.frontends.cli.audio import soundfont_or_error, write_audio
from bot.services.grammar import parse_pairs
from bot.services.help_text import param_line
from engine.compose.composer import compose
from engine.errors import ParamError
from engine.melody import Melody
from engine.midi import to_midi_bytes
from engine.notation.abc import to_abc
from engine.notation.musicxml import to_musicxml
from engine.params.melody import MELODY_PARAMS, SEED_MAX, resolve
from engine.params.schema import plural, quoted

EXIT_BAD_INPUT = 2
MAX_COUNT = 100
MAX_VARIATION = 1000


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line, exit status 2."""

    # argparse types `error` as NoReturn; this one exits too, through `self.exit`.
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"melodybot: {message}. See melodybot generate --help.\n")


def parameter_help() -> str:
    """The parameter table as help text, derived from MELODY_PARAMS."""
    lines = ["parameters (name:value):"]
    lines += [param_line(p, help_command=None, full=True) for p in MELODY_PARAMS]
    return "\n".join(lines)


def arg_to_token(arg: str) -> str:
    """Re-quote a shell argument whose value holds spaces, so the one grammar sees one token."""
    name, sep, value = arg.partition(":")
    if sep and any(c.isspace() for c in value) and not any(q in value for q in "\"'"):
        return f'{name}:"{value}"'
    return arg


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="melodybot", description="Compose melodies from the command line.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    generate = commands.add_parser(
        "generate",
        help="compose melodies and write them to a folder",
        epilog=parameter_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    generate.add_argument("params", nargs="*", help="name:value parameters, e.g. key:D")
    generate.add_argument("--out", type=Path, default=Path("out"), help="output folder")
    generate.add_argument(
        "--count",
        type=int,
        default=1,
        help=f"how many melodies (1-{MAX_COUNT}); seeds seed, seed+1, …",
    )
    generate.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    generate.add_argument("--midi-only", action="store_true", help="write only the .mid files")
    generate.add_argument(
        "--formats",
        default=",".join(FORMATS),
        metavar="LIST",
        help=f"files to write, comma-separated, from {','.join(FORMATS)} (default: all; "
        "png is the piano roll, score the sheet music; --midi-only means mid)",
    )
    generate.add_argument(
        "--force", action="store_true", help="overwrite files of the same name in --out"
    )
    generate.add_argument(
        "--variation",
        type=int,
        default=0,
        metavar="N",
        help="a variation of the melody with the given seed: same chords, phrase plan and "
        "opening motif, new details (N=1, 2, …; 0 is the original)",
    )
    stimuli.add_parser(commands)
    worker.add_parser(commands)
    db.add_parser(commands)
    return parser


def melody_summary(melody: Melody, files: dict[str, str], variation: int) -> dict[str, object]:
    """JSON summary: resolved parameters (seed included), files written, notes in beats."""
    return {
        "params": melody.params.to_dict(),
        "variation": variation,
        "files": files,
        **melody.to_json(),
    }


def file_stem(melody: Melody, variation: int) -> str:
    """'D-minor-132bpm-seed7', or 'D-minor-132bpm-seed7-var2' for a variation."""
    return melody.params.slug + (f"-var{variation}" if variation else "")


# What one melody may write (--formats), MIDI first, and each one's file suffix.
FORMAT_SUFFIXES = {"mid": "mid", "mp3": "mp3", "png": "png", "abc": "abc",
                   "musicxml": "musicxml", "score": "score.png"}  # fmt: skip
FORMATS = tuple(FORMAT_SUFFIXES)
# Written here from the melody; the others come from rendering (mp3 needs the SoundFont).
TEXT_WRITERS: dict[str, Callable[[Melody], bytes]] = {
    "mid": to_midi_bytes,
    "abc": lambda melody: to_abc(melody).encode(),
    "musicxml": lambda melody: to_musicxml(melody).encode(),
}


def chosen_formats(args: argparse.Namespace) -> list[str]:
    """The formats to write, in FORMATS order: one line naming what is allowed otherwise."""
    if args.midi_only:
        return ["mid"]
    given = [f.strip().lower().lstrip(".") for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in given if f not in FORMAT_SUFFIXES]
    if unknown or not given:
        what = f"unknown format {quoted(unknown[0])}" if unknown else "no format given"
        raise ParamError(f"--formats: {what}. Allowed: {', '.join(FORMATS)}.")
    return [f for f in FORMATS if f in given]


def _check_out_folder(out: Path) -> None:
    """Refuse an --out that exists and is not a folder (/dev/null, a file) in one line."""
    if out.exists() and not out.is_dir():
        raise ParamError(
            f"--out {quoted(str(out))} is not a folder. Give a folder; it is made if missing."
        )


def _refuse_overwrite(out: Path, stems: Sequence[str], suffixes: Sequence[str]) -> None:
    """Refuse before writing anything when a file we would write is already there."""
    taken = [out / f"{stem}.{suffix}" for stem in stems for suffix in suffixes]
    existing = [path for path in taken if path.exists()]
    if existing:
        more = f" (and {plural(len(existing) - 1, 'more file')})" if len(existing) > 1 else ""
        raise ParamError(
            f"{quoted(str(existing[0]), 80)} exists{more}. Add --force to overwrite, or "
            "choose another --out folder."
        )


def parse_args(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse flags and `name:value` tokens in any order (`generate key:C --midi-only seed:5`).

    argparse stops collecting positionals at the first flag; `name:value` tokens after it
    come back as extras and join the parameters. Any other extra is a one-line error.
    """
    args, extras = parser.parse_known_args(argv)
    tokens = [extra for extra in extras if not extra.startswith("-")]
    if extras and (len(tokens) < len(extras) or not hasattr(args, "params")):
        parser.error(f"unrecognized arguments: {quoted(' '.join(extras))}")
    if tokens:
        args.params = [*args.params, *tokens]
    return args


def generate(args: argparse.Namespace) -> int:
    if not 1 <= args.count <= MAX_COUNT:
        raise ParamError(f"--count {args.count} is out of range. Allowed: 1–{MAX_COUNT}.")
    if not 0 <= args.variation <= MAX_VARIATION:
        raise ParamError(
            f"--variation {args.variation} is out of range. "
            f"Allowed: 0–{MAX_VARIATION} (0 is the original)."
        )
    first = resolve(parse_pairs(" ".join(arg_to_token(a) for a in args.params)))
    _check_out_folder(args.out)
    formats = chosen_formats(args)
    # Fail before writing anything when there is nothing to render with.
    needs_audio = "mp3" in formats
    soundfont = soundfont_or_error(load_settings().soundfont_path) if needs_audio else None
    melodies = [
        compose(first.replace(seed=(first.seed + i) % (SEED_MAX + 1)), args.variation)
        for i in range(args.count)
    ]
    stems = [file_stem(m, args.variation) for m in melodies]
    if not args.force:
        _refuse_overwrite(args.out, stems, [FORMAT_SUFFIXES[f] for f in formats])
    args.out.mkdir(parents=True, exist_ok=True)
    files: list[dict[str, str]] = []
    for melody, stem in zip(melodies, stems, strict=True):
        files.append({})
        for kind in (f for f in formats if f in TEXT_WRITERS):
            path = args.out / f"{stem}.{FORMAT_SUFFIXES[kind]}"
            path.write_bytes(TEXT_WRITERS[kind](melody))
            files[-1][kind] = str(path)
    drawn = [f for f in formats if f not in TEXT_WRITERS]
    if drawn:
        written = write_audio(melodies, args.out, stems, soundfont, drawn)
        for entry, extra in zip(files, written, strict=True):
            entry.update(extra)
    if args.json:
        summary = [
            melody_summary(m, f, args.variation) for m, f in zip(melodies, files, strict=True)
        ]
        json.dump({"melodies": summary}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for melody, entry in zip(melodies, files, strict=True):
            print(f"{melody.params.summary()}\n  " + "\n  ".join(entry.values()))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(build_parser(), argv)
    try:
        if args.command == "worker":
            return worker.run(args)
        if args.command == "db":
            return db.run(args)
        return stimuli.run(args) if args.command == "stimuli" else generate(args)
    except EXPECTED as error:
        print(f"melodybot: {user_message(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:  # an unwritable --out folder, a full disk
        print(
            f"melodybot: cannot write {error.filename or args.out}: {error.strerror}. "
            "Choose another --out folder.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
