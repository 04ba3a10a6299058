"""Generators of hostile input for the fuzz tests: command lines and malformed MIDI files.

Seeded `random.Random`, so a failure names an input that can be replayed. Command
lines mix what members really type (every parameter, action and value from the
tables) with what breaks parsers: huge numbers, control characters, quotes left
open, `♭`, right-to-left marks, thousands of characters, NUL bytes.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator

import mido

from bot.services.games.options import GAME_OPTIONS, GUESS_ACTIONS
from engine.params.melody import MELODY_PARAMS

PARAMS = [*MELODY_PARAMS, *GAME_OPTIONS]
NAMES = [name for param in PARAMS for name in param.names]
ACTIONS = [name for action in GUESS_ACTIONS for name in (action.name, *action.aliases)]
MEMBERS = ("ann", "bob")  # `@name` prefixes; `you` speaks without one
COMMANDS = ("/melody", "/guess", "/help", "/forget", "/dance", "melody", "/", "/melody@bot")
ODD_TEXT = (
    "", " ", "\x00", "\x1b[31m", "\r", "\n", "\t", "\u202e", "\u200b", "♭", "♯", "%", ":",
    "::", '"', "'", "“", "”", "‘", "\\", "é", "🎹", "٣", "١٢", "½", "-", "_", "@", "~", "/",
)  # fmt: skip


def _odd_word(rng: random.Random) -> str:
    pieces = [rng.choice(ODD_TEXT) if rng.random() < 0.5 else rng.choice(NAMES)]
    for _ in range(rng.randrange(4)):
        pieces.append(rng.choice(ODD_TEXT + tuple(NAMES)))
    word = "".join(pieces)
    if rng.random() < 0.05:
        word *= rng.randrange(50, 800)  # thousands of characters
    return word


def _value(rng: random.Random) -> str:
    param = rng.choice(PARAMS)
    roll = rng.random()
    if roll < 0.3 and param.choices:
        value = rng.choice(param.choices)
        return value.upper() if rng.random() < 0.2 else value.replace("b", "♭")
    if roll < 0.55:
        digits = rng.choice((1, 2, 3, 10, 19, 20, 40, 500, 5000))
        number = "".join(rng.choice("0123456789") for _ in range(digits))
        return rng.choice(("", "-", "+", "0" * 30)) + number + rng.choice(("", "%", " %", ".5"))
    if roll < 0.65:
        return rng.choice(("on", "off", "yes", "no", "1", "0", "y", "n", "true", "maybe"))
    return _odd_word(rng)


def _token(rng: random.Random) -> str:
    roll = rng.random()
    name = rng.choice(NAMES) if rng.random() < 0.8 else _odd_word(rng)
    if roll < 0.6:
        return f"{name}:{_value(rng)}"
    if roll < 0.7:
        return f'{name}:"{_value(rng)} {_value(rng)}"'
    if roll < 0.78:
        return f"{name}: {_value(rng)}"  # a space after the colon
    if roll < 0.84:
        return f'{name}:"{_value(rng)}'  # a quote left open
    return _odd_word(rng)


def command_line(rng: random.Random) -> str:
    """One generated console or chat command line."""
    command = rng.choice(COMMANDS)
    words = [command]
    if command == "/guess" and rng.random() < 0.9:
        words.append(rng.choice(ACTIONS) if rng.random() < 0.85 else _odd_word(rng))
    if command == "/help" and rng.random() < 0.8:
        words.append(
            rng.choice((*NAMES, *ACTIONS, "guess", "mood"))
            if rng.random() < 0.7
            else _odd_word(rng)
        )
    words += [_token(rng) for _ in range(rng.randrange(5))]
    if rng.random() < 0.1:  # flags and options in any order
        rest = words[1:]
        rng.shuffle(rest)
        words[1:] = rest
    line = " ".join(words)
    if rng.random() < 0.2:
        line = f"@{rng.choice(MEMBERS)} {line}"
    return line


def command_lines(count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield command_line(rng)


def _valid_file(rng: random.Random) -> bytes:
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("set_tempo", tempo=rng.randrange(250_000, 1_000_000)))
    track.append(
        mido.MetaMessage("time_signature", numerator=rng.choice((2, 3, 4, 6)), denominator=4)
    )
    for _ in range(rng.randrange(8, 40)):
        pitch = rng.randrange(48, 84)
        track.append(mido.Message("note_on", note=pitch, velocity=80, time=rng.choice((0, 120))))
        track.append(mido.Message("note_off", note=pitch, time=rng.choice((120, 240, 480))))
    midi = mido.MidiFile(ticks_per_beat=480)
    midi.tracks.append(track)
    buffer = io.BytesIO()
    midi.save(file=buffer)
    return buffer.getvalue()


def malformed_midi(rng: random.Random) -> bytes:
    """A MIDI file damaged one of the ways hostile or broken files are."""
    data = bytearray(_valid_file(rng))
    damage = rng.randrange(8)
    if damage == 0:  # random bytes flipped anywhere
        for _ in range(rng.randrange(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif damage == 1:  # cut short
        del data[rng.randrange(4, len(data)) :]
    elif damage == 2:  # a long run of 0xFF inside the track
        at = rng.randrange(22, len(data))
        data[at:at] = b"\xff" * rng.randrange(10, 250_000)
    elif damage == 3:  # an over-long variable-length quantity
        at = rng.randrange(22, len(data))
        data[at:at] = b"\x80" * rng.randrange(5, 100_000) + b"\x01"
    elif damage == 4:  # a chunk or header length that lies
        at = rng.choice((4, 18))
        data[at : at + 4] = rng.randrange(2**32).to_bytes(4, "big")
    elif damage == 5:  # a huge declared track count, many empty tracks
        data[10:12] = rng.randrange(2**16).to_bytes(2, "big")
        data += b"MTrk\x00\x00\x00\x00" * rng.randrange(0, 500)
    elif damage == 6:  # meta and SysEx events with lying lengths
        at = rng.randrange(22, len(data))
        event = rng.choice((b"\x00\xff\x51", b"\x00\xf0", b"\x00\xf7", b"\x00\xff\x58"))
        data[at:at] = event + bytes([rng.randrange(256) for _ in range(rng.randrange(1, 6))])
    else:  # pure noise after the header
        data[14:] = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 3000)))
    return bytes(data)
