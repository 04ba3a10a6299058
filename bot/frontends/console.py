"""The console chat: the bot in a terminal, or fed a script on standard input.

    $ python -m bot            # no token in .env
    /melody key:D scale:minor mood:dramatic
    /guess start items:4
    @ann /guess vote item:A guess:ai confidence:4 quality:3

A line may begin `@name` to speak as another member (voter id `console:name`);
without it you are `console:you`, the console's admin. Files (MP3, MIDI,
piano roll, charts, CSV) are written to the settings' `out_dir` and their
paths printed. Bad input prints one line and the console carries on. At the
end of input it finishes the command in hand and returns. At a terminal it shows
a prompt, and says "Composing…" before a job that takes seconds.

Public API: `serve`, `Console`, `help_text`.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.errors import UserError, user_message
from bot.frontends.console_files import read_midi_path
from bot.services import Services
from bot.services.actor import Actor, Role
from bot.services.games.models import Chat, Reveal, pending_text
from bot.services.games.options import (
    GAME_OPTIONS,
    GUESS_ACTIONS,
    find_action,
    parse_game_options,
    split_file_options,
)
from bot.services.grammar import parse_pairs, split_command
from bot.services.help_text import TOPIC_HELP, param_line, topic_help
from bot.services.melody_files import named_files
from engine.params.melody import MELODY_PARAMS, resolve
from engine.params.schema import plural, quoted

PLATFORM = "console"
CHAT = Chat(PLATFORM, "terminal")
ADMIN_NAME = "you"  # the person at the terminal
_MEMBER = re.compile(r"^@([A-Za-z0-9_.\-]{1,32})\s+(.*)$")
# The console's own commands; `/forget` is an older spelling of `/guess forget_me`.
COMMANDS = ("/melody", "/guess", "/help")
FORGET_ALIAS = "forget"
PROMPT = "> "
COMPOSING = "Composing…"
COMPOSING_NOTICE_SECONDS = 0.5  # a job still running after this gets a "Composing…" line


def help_text() -> str:
    """The console's help, derived from MELODY_PARAMS and GAME_OPTIONS."""
    lines = [
        "Commands:",
        "  /melody name:value …   compose a melody (files go to the output folder)",
        "  /guess <action> …      the AI-or-human game; the actions are below",
        f"  /help [TOPIC]          this text, or {TOPIC_HELP}",
        "Start a line with @name to speak as another member.",
        "",
        "Melody parameters (name:value):",
    ]
    lines += [param_line(p) for p in MELODY_PARAMS]
    lines += ["", "Game actions:"]
    for action in GUESS_ACTIONS:
        usage = ["<file.mid>"] * action.takes_file + [f"{n}:…" for n in action.options]
        lines.append(f"  /guess {' '.join([action.name, *usage])}")
        lines.append(f"      {action.help}")
    lines += ["", "Game options:"]
    lines += [param_line(p) for p in GAME_OPTIONS]
    return "\n".join(lines)


def _whole(value: object) -> int:
    """A whole-number option as parsed by its table (which allows nothing else)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise UserError(f"Expected a whole number, not {quoted(str(value))}.")
    return value


class Console:
    """Turns console lines into service calls and prints the answers."""

    def __init__(
        self,
        services: Services,
        out: TextIO,
        out_dir: Path,
        *,
        interactive: bool = False,
        notice_seconds: float = COMPOSING_NOTICE_SECONDS,
    ) -> None:
        """`interactive`: a person at a terminal, who gets a prompt and, for a job still
        running after `notice_seconds`, a "Composing…" line."""
        self.services = services
        self.out = out
        self.out_dir = out_dir
        self.interactive = interactive
        self.notice_seconds = notice_seconds

    def prompt(self) -> None:
        """Show the prompt (at a terminal only; a script's output stays clean)."""
        if self.interactive:
            print(PROMPT, end="", file=self.out, flush=True)

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def _write(self, name: str, data: bytes | str) -> Path:
        path = self.out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)  # `name` may hold a folder (exports)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path

    async def handle(self, line: str) -> None:
        """Run one line; every expected failure becomes one printed line."""
        line = line.strip()
        if not line or line.startswith("#"):
            return
        name = ADMIN_NAME
        match = _MEMBER.match(line)
        if match:
            name, line = match[1].lower(), match[2]
        elif line.startswith("@"):
            self.say("Write @name followed by a command, e.g. @ann /guess vote item:A guess:ai.")
            return
        try:
            await self._dispatch(line, name)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            self.say(user_message(error))

    async def _dispatch(self, line: str, name: str) -> None:
        """Run one command as the member called `name` (`you`, the admin, by default)."""
        # The console's own member (`you`) administers it; `@name` speaks as a plain member.
        role = Role.ADMIN if name == ADMIN_NAME else Role.MEMBER
        actor = Actor(f"{PLATFORM}:{name}", name, role)
        command, rest = split_command(line)
        if not line.startswith("/"):
            raise UserError("Commands start with /: try /help.")
        if command == "melody":
            await self.melody(rest, actor)
        elif command == "guess":
            await self.guess(rest, actor)
        elif command == FORGET_ALIAS:
            await self.guess("forget_me", actor)
        elif command == "help":
            self.say(topic_help(rest) if rest else help_text())
        else:
            raise UserError(f"Unknown command /{command}. Commands: {', '.join(COMMANDS)}.")

    async def melody(self, rest: str, actor: Actor) -> None:
        params = resolve(parse_pairs(rest))

        def position(place: int) -> None:
            if place:
                self.say(f"Waiting: number {place} in line…")

        job = asyncio.ensure_future(
            self.services.melody.compose(params, actor, on_position=position)
        )
        try:
            if self.interactive:
                done, _ = await asyncio.wait({job}, timeout=self.notice_seconds)
                if not done:  # a job that takes a moment: say so, once
                    self.say(COMPOSING)
            rendered = await job
        except asyncio.CancelledError:
            job.cancel()
            raise
        # Every file the job made: audio, MIDI, the picture (score pages), ABC, MusicXML.
        named = named_files(rendered)
        paths = [self._write(name, data) for files in named.values() for name, data in files]
        notes = plural(rendered.notes, "note")
        self.say(f"{rendered.title}: {notes}, {rendered.duration_seconds:.1f} s")
        self.say(params.summary())
        for path in paths:
            self.say(f"  {path}")

    async def guess(self, rest: str, actor: Actor) -> None:
        typed, _, options = rest.strip().partition(" ")
        sub = find_action(typed).name
        games = self.services.games
        if sub == "submit":
            file_path, stated = split_file_options(sub, options)
            await self.submit(file_path, actor, parse_game_options(sub, stated))
            return
        # A vote's item is checked against the open game's own letters, not all ten.
        letters = await games.item_letters(CHAT) if sub == "vote" else ()
        opts = parse_game_options(sub, options, letters=letters)
        if sub == "start":
            if self.interactive and await games.open_game(CHAT) is None:
                self.say("Preparing the melodies…")
            # Left out, items and minutes are the chat's settings.
            started = await games.start(
                CHAT,
                actor,
                *(None if opts[n] is None else _whole(opts[n]) for n in ("items", "minutes")),
            )
            self.say(started.text())
            for item in started.items:
                if item.rendered.mp3:
                    path = self._write(
                        f"game-{started.game_id}-{item.letter}.mp3", item.rendered.mp3
                    )
                    self.say(f"  {item.letter}: {path}")
        elif sub == "vote":
            receipt = await games.vote(
                CHAT,
                str(opts["item"]),
                actor,
                str(opts["guess"]),
                # The options table validated both as whole numbers 1-5 or absent.
                opts["confidence"],  # type: ignore[arg-type]
                opts["quality"],  # type: ignore[arg-type]
            )
            self.say(receipt.text())
        elif sub == "close":
            self.show_reveal(await games.close(CHAT, actor))
        elif sub == "results":
            by = None if opts["by"] is None else str(opts["by"])
            results = await games.results(CHAT, str(opts["scope"]), by)
            self.say(results.text())
            self.say(f"  chart: {self._write(self._chart_name(results.title), results.chart_png)}")
        elif sub == "leaderboard":
            self.say(await games.leaderboard(CHAT, _whole(opts["min"])))
        elif sub == "export":
            export = await games.export(CHAT, actor, str(opts["scope"]), names=bool(opts["names"]))
            folder = f"study-{CHAT.id}-{export.scope}"  # a folder on the console, a zip elsewhere
            written = [self._write(f"{folder}/{name}", data) for name, data in export.files.items()]
            self.say(export.summary())
            self.say(f"  {written[0].parent}")
        elif sub == "profile":
            self.say(await games.profile(actor, str(opts["experience"]), str(opts["role"])))
        elif sub == "settings":
            self.say(await games.change_settings(CHAT, actor, dict(opts)))
        elif sub == "approve" and opts["submission"] is None:
            self.say(pending_text(await games.pending(CHAT)))
        elif sub == "approve":
            self.say(await games.approve(CHAT, _whole(opts["submission"]), actor))
        elif sub == "forget_me":
            self.say(await games.forget(actor))

    async def submit(
        self, path_text: str, actor: Actor, stated: dict[str, str | int | bool | None]
    ) -> None:
        data, name = read_midi_path(path_text)
        receipt = await self.services.games.submit(
            CHAT,
            actor,
            data,
            name,
            authorship=str(stated["authorship"]),
            source=None if stated["source"] is None else str(stated["source"]),
        )
        self.say(receipt.text())

    @staticmethod
    def _chart_name(title: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] + "-chart.png"

    def show_reveal(self, reveal: Reveal) -> None:
        self.say(reveal.text())
        chart = self._write(f"game-{reveal.game_id}-chart.png", reveal.chart_png)
        self.say(f"  chart: {chart}")

    async def on_timed_close(self, reveal: Reveal) -> None:
        """Close listener: a game whose time ran out is revealed in the console."""
        if reveal.chat == CHAT.id:
            self.show_reveal(reveal)


def _start_line_reader(source: TextIO) -> asyncio.Queue[str | None]:
    """Lines of `source`, read in a daemon thread (works for terminals, pipes and files).

    None marks the end of input. A daemon thread never holds up the exit
    while it waits on a terminal.
    """
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str | None] = asyncio.Queue()
    put: Callable[[str | None], None] = lines.put_nowait

    def read() -> None:
        # A terminal that goes away (OSError, ValueError) ends the input like Ctrl-D;
        # RuntimeError: the loop closed while a line was on its way.
        with contextlib.suppress(OSError, ValueError, RuntimeError):
            for line in source:
                loop.call_soon_threadsafe(put, line)
        with contextlib.suppress(RuntimeError):  # the loop may have closed meanwhile
            loop.call_soon_threadsafe(put, None)

    threading.Thread(target=read, name="console-input", daemon=True).start()
    return lines


async def serve(
    services: Services,
    stop: asyncio.Event,
    *,
    source: TextIO | None = None,
    out: TextIO | None = None,
    notice_seconds: float = COMPOSING_NOTICE_SECONDS,
) -> None:
    """Run the console until the end of input or until `stop` is set."""
    interactive = (source or sys.stdin).isatty()
    console = Console(
        services,
        out or sys.stdout,
        Path(services.settings.out_dir),
        interactive=interactive,
        notice_seconds=notice_seconds,
    )
    services.games.add_close_listener(PLATFORM, console.on_timed_close)
    lines = _start_line_reader(source or sys.stdin)
    if interactive:
        console.say("melodybot console. Type /help for commands, Ctrl-D to quit.")
    stopping = asyncio.create_task(stop.wait())
    try:
        while not stop.is_set():
            console.prompt()
            next_line = asyncio.create_task(lines.get())
            done, _ = await asyncio.wait({next_line, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if next_line not in done:
                next_line.cancel()
                await asyncio.gather(next_line, return_exceptions=True)
                break
            line = next_line.result()
            if line is None:
                break
            await console.handle(line)
    finally:
        stopping.cancel()
        await asyncio.gather(stopping, return_exceptions=True)  # let the cancellation land
