"""Texts the Telegram bot sends, generated from the one parameter table.

Plain text (no parse mode), so user-given values never need escaping. A
Telegram message holds at most `MAX_MESSAGE_CHARS` characters and a caption
`MAX_CAPTION_CHARS`; long lists of values are split or shortened to fit.
"""

from __future__ import annotations

from engine.params import MELODY_PARAMS, MelodyParams, Param

MAX_MESSAGE_CHARS = 4096
MAX_CAPTION_CHARS = 1024
# Beyond this many choices, /help shows the first ones and points to "/help <name>".
SHORT_LIST = 20
PERFORMER = "melodybot"

# The commands registered with setMyCommands: (name, description).
COMMANDS: tuple[tuple[str, str], ...] = (
    ("melody", "Compose a melody: /melody key:D scale:minor mood:dramatic"),
    ("guess", "AI or human? game: start, close, results, leaderboard, export, forget_me"),
    ("help", "Every parameter with its values and default"),
)

USAGE = (
    "/melody name:value … composes a melody, e.g. /melody key:D scale:minor mood:dramatic.\n"
    'Quote values with spaces: scale:"harmonic minor". Names and values ignore case.\n'
    "/guess start | close | results | leaderboard | export | forget_me runs the AI-or-human "
    "game; send a MIDI file with the caption /guess submit to offer a human tune.\n"
    "/help <parameter> lists all values of one parameter."
)


def _default_text(param: Param) -> str:
    if param.default is None:
        return "random, always reported"
    if param.switch:
        return "on" if param.default else "off"
    return f"{param.default}{param.unit if param.unit == '%' else ''}"


def _values_text(param: Param) -> str:
    if param.choices and len(param.choices) > SHORT_LIST:
        shown = ", ".join(param.choices[:SHORT_LIST])
        return f"{shown}, … {len(param.choices)} in all: /help {param.name}"
    return param.allowed()


def param_line(param: Param) -> str:
    """'key: Tonic of the melody. Values: C, C#, …. Default: C.'"""
    aliases = f" (or {', '.join(param.aliases)})" if param.aliases else ""
    return (f"• {param.name}{aliases}: {param.help} Values: {_values_text(param)}. "
            f"Default: {_default_text(param)}.")


def help_text() -> str:
    """The /help answer: usage, then every parameter with its values and default."""
    lines = [USAGE, "", "Parameters:"] + [param_line(p) for p in MELODY_PARAMS]
    return "\n".join(lines)


def param_help(name: str) -> list[str]:
    """'/help instrument': one parameter with all its values, in messages that fit Telegram.

    Raises ParamError (did-you-mean included) for an unknown name.
    """
    param = MELODY_PARAMS.lookup(name)
    head = param_line(param).removeprefix("• ")
    if not param.choices or len(param.choices) <= SHORT_LIST:
        return [head]
    return split_message(head + "\nAll values: " + ", ".join(param.choices))


def split_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Cut `text` into parts of at most `limit` characters, at a comma or line end."""
    parts: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind(", ", 0, limit), text.rfind("\n", 0, limit))
        cut = cut + 1 if cut > 0 else limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*parts, text] if text else parts


def melody_caption(params: MelodyParams, variation: int = 0) -> str:
    """The parameters as resolved, with the seed (and which variation), for the audio's caption."""
    which = f" (variation {variation})" if variation else ""
    text = f"{params.summary()}{which}\nReplay: /melody {replay_args(params)}"
    return text[:MAX_CAPTION_CHARS]


def replay_args(params: MelodyParams) -> str:
    """`name:value` pairs that rebuild exactly these parameters with /melody."""
    values = params.to_dict()
    pairs = []
    for param in MELODY_PARAMS:
        value = values[param.name]
        if param.switch:
            value = "on" if value else "off"
        pairs.append(f"{param.name}:{value}")
    return " ".join(pairs)


def queue_status(position: int) -> str:
    """Status line while a job waits; position 0 means it is being composed now."""
    if position <= 0:
        return "Composing…"
    return f"Composing… you are number {position} in the queue."
