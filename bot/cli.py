"""The `melodybot` command line: `melodybot generate key:D scale:minor bars:16 seed:7 --out DIR`.

Parameters use the one grammar (`name:value`, see `bot.grammar`); bad input
exits with status 2 and one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.errors import EXPECTED, user_message
from bot.grammar import parse_pairs
from bot.help_text import param_line
from engine.compose import compose
from engine.melody import Melody
from engine.midi import to_midi_bytes
from engine.params import MELODY_PARAMS, ParamError, resolve

EXIT_BAD_INPUT = 2
MAX_COUNT = 100


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line, exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"melodybot: {message}. See melodybot generate --help.\n")


def parameter_help() -> str:
    """The parameter table as help text, derived from MELODY_PARAMS."""
    lines = ["parameters (name:value):"]
    lines += [param_line(p, help_command=None) for p in MELODY_PARAMS]
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
        "generate", help="compose melodies and write them to a folder",
        epilog=parameter_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    generate.add_argument("params", nargs="*", help="name:value parameters, e.g. key:D")
    generate.add_argument("--out", type=Path, default=Path("out"), help="output folder")
    generate.add_argument("--count", type=int, default=1,
                          help=f"how many melodies (1-{MAX_COUNT}); seeds seed, seed+1, …")
    generate.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    generate.add_argument("--midi-only", action="store_true", help="write only the .mid files")
    return parser


def melody_summary(melody: Melody, files: dict[str, str]) -> dict:
    """JSON summary: resolved parameters (seed included), files written, notes in beats."""
    return {"params": melody.params.to_dict(), "files": files, **melody.to_json()}


def write_midi(melody: Melody, out_dir: Path) -> dict[str, str]:
    """Write `<slug>.mid`; return {'mid': path}."""
    path = out_dir / f"{melody.params.slug}.mid"
    path.write_bytes(to_midi_bytes(melody))
    return {"mid": str(path)}


def generate(args: argparse.Namespace) -> int:
    if not 1 <= args.count <= MAX_COUNT:
        raise ParamError(f"--count {args.count} is out of range. Allowed: 1–{MAX_COUNT}.")
    first = resolve(parse_pairs(" ".join(arg_to_token(a) for a in args.params)))
    melodies = [compose(first.replace(seed=(first.seed + i) % (2**31))) for i in
                range(args.count)]
    args.out.mkdir(parents=True, exist_ok=True)
    files = [write_midi(m, args.out) for m in melodies]
    if not args.midi_only:
        # bot/cli_audio.py (audio work, issue 3): write_audio(melodies, out_dir) renders every
        # melody in one warm pool and returns, per melody, {"mp3": path, "png": path}.
        from bot.cli_audio import write_audio

        for entry, extra in zip(files, write_audio(melodies, args.out), strict=True):
            entry.update(extra)
    if args.json:
        summary = [melody_summary(m, f) for m, f in zip(melodies, files, strict=True)]
        json.dump({"melodies": summary}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for melody, entry in zip(melodies, files, strict=True):
            print(f"{melody.params.summary()}\n  " + "\n  ".join(entry.values()))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return generate(args)
    except EXPECTED as error:
        print(f"melodybot: {user_message(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
