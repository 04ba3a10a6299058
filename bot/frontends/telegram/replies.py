"""Texts the Telegram bot sends, generated from the one parameter table.

Plain text (no parse mode), so user-given values never need escaping. A
Telegram message and caption has its limit in `limits`; long lists of values are split
or shortened to fit there.
"""

from __future__ import annotations

from bot.frontends.telegram.guess_actions import TYPED_ACTIONS
from bot.frontends.telegram.limits import MAX_CAPTION_CHARS, shorten, split_message
from bot.services.help_text import TOPIC_HELP, param_line, topic_help
from engine.params.melody import MELODY_PARAMS, MelodyParams

PERFORMER = "melodybot"

# The commands registered with setMyCommands: (name, description).
COMMANDS: tuple[tuple[str, str], ...] = (
    ("melody", "Compose a melody: /melody key:D scale:minor mood:dramatic"),
    ("guess", "AI or human? game: " + ", ".join(TYPED_ACTIONS)),
    ("help", "Every parameter; /help TOPIC: a parameter, mood, guess, an action"),
)

USAGE = (
    "/melody name:value … composes a melody, e.g. /melody key:D scale:minor mood:dramatic.\n"
    'Quote values with spaces: scale:"harmonic minor". Names and values ignore case.\n'
    f"/guess {' | '.join(TYPED_ACTIONS)} runs the AI-or-human game (/guess alone shows "
    "their options); send a MIDI file with the caption /guess submit to offer a human tune, "
    "and /guess approve lists the submissions waiting for an admin.\n"
    f"/help TOPIC shows {TOPIC_HELP}."
)


def help_text() -> str:
    """The /help answer: usage, then every parameter with its values and default."""
    lines = [USAGE, "", "Parameters:"] + [param_line(p, bullet="• ") for p in MELODY_PARAMS]
    return "\n".join(lines)


def param_help(name: str) -> list[str]:
    """'/help TOPIC' (a parameter with all its values, the game, an action), in messages
    that fit Telegram.

    Raises ParamError (did-you-mean included) for an unknown name.
    """
    return split_message(topic_help(name))


def melody_caption(params: MelodyParams, variation: int = 0) -> str:
    """The parameters as resolved, with the seed (and which variation), for the audio's caption."""
    which = f" (variation {variation})" if variation else ""
    text = f"{params.summary()}{which}\nReplay: /melody {replay_args(params)}"
    return shorten(text, MAX_CAPTION_CHARS)


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
