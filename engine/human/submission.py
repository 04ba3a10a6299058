"""Reading member-submitted MIDI files safely.

`read_submission(data)` turns the bytes of an uploaded Standard MIDI File into
a `Melody`, or raises `MidiRejected` whose text is a one-line reason and what
is allowed. Of a polyphonic file it keeps the top voice (the highest note at
each onset). Key, scale, meter and tempo come from the file's meta events
when present; the key is otherwise inferred from the pitches
(Krumhansl-Schmuckler). The bot runs this in a worker process under the
pool's timeout, so even a hostile file cannot hang the bot.

A melody shorter than `MIN_BARS` bars or with fewer than `MIN_NOTES` notes (in
its top voice) is refused too: in a game it would stand out at once.

An accepted melody is then treated like the bundled human tunes
(engine.phrase_cut): cut at a phrase end, at most 16 bars, ending on its tonic
where the composer's final note starts, in the composer's register; one with no
such phrase end is kept and its ending closed on the tonic there, not refused.

Public API: `MidiRejected`, `read_submission`, `as_game_melody`, `check_header`,
`check_size`, `MAX_BYTES`,
`MAX_NOTES`, `MAX_BARS`, `MIN_BARS`, `MIN_NOTES`.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import mido

from engine.errors import MidiRejected
from engine.human.midi_guard import HEADER_ID, check_structure
from engine.human.phrase_cut import (
    LONGEST_CUT_BARS,
    RawNote,
    close_on_tonic,
    excerpt_notes,
    onset_at,
    phrase_windows,
    shifted,
)
from engine.human.pool import excerpt_label
from engine.melody import Melody
from engine.params.melody import MELODY_PARAMS, MelodyParams
from engine.params.schema import plural
from engine.theory.instruments import GM_PROGRAM_NAMES
from engine.theory.key_finding import infer_key
from engine.theory.meters import METERS
from engine.theory.scales import KEYS

MAX_BYTES = 256 * 1024
MAX_NOTES = 2000
MAX_BARS = 64
# The least a game item may be: a 1-note or 1-bar item would be an obvious odd one out.
MIN_BARS = 2
MIN_NOTES = 8
DRUM_CHANNEL = 9  # General MIDI channel 10 holds unpitched percussion
GRID_BEATS = 1 / 48  # onsets and lengths are rounded to this, in beats
MIN_DURATION_BEATS = 1 / 16
DEFAULT_TEMPO_BPM = 120
SUBMISSION_COLLECTION = "community submission"


@dataclass(frozen=True)
class _RawNote:
    channel: int
    pitch: int
    start: float  # beats
    duration: float  # beats


def check_size(size: int) -> None:
    """Refuse a file of more than MAX_BYTES (callers check before shipping bytes anywhere)."""
    if size > MAX_BYTES:
        raise MidiRejected(
            f"The file is {math.ceil(size / 1024)} KB; a submission may be at most "
            f"{MAX_BYTES // 1024} KB."
        )


def check_header(head: bytes) -> None:
    """Refuse bytes that do not start like a Standard MIDI File (checked before the size,
    so an MP3 is called what it is, not too big)."""
    if not head.startswith(HEADER_ID):
        raise MidiRejected("That is not a MIDI file. Send a Standard MIDI File (.mid).")


def _parse(data: bytes) -> mido.MidiFile:
    check_header(data)
    check_size(len(data))
    # A bounded pass over the chunk and event structure first: mido trusts its input.
    check_structure(data)
    try:
        midi = mido.MidiFile(file=io.BytesIO(data))
    except EOFError as error:
        raise MidiRejected(
            "The MIDI file is truncated (it ends in the middle of a track). Send the whole file."
        ) from error
    except Exception as error:  # mido raises many types on malformed input; all mean the same
        raise MidiRejected(
            f"That is not a valid MIDI file ({type(error).__name__}). Send a Standard MIDI "
            "File (.mid)."
        ) from error
    if midi.ticks_per_beat <= 0:
        raise MidiRejected(
            "The MIDI file has zero (or SMPTE) ticks per beat; it needs a positive number of "
            "ticks per quarter note."
        )
    return midi


def _notes(midi: mido.MidiFile) -> list[_RawNote]:
    """Every pitched note of every track, with start and duration in beats."""
    notes: list[_RawNote] = []
    tpb = midi.ticks_per_beat
    for track in midi.tracks:
        tick = 0
        sounding: dict[tuple[int, int], int] = {}
        for message in track:
            tick += message.time
            if message.type not in ("note_on", "note_off") or message.channel == DRUM_CHANNEL:
                continue
            key = (message.channel, message.note)
            if message.type == "note_on" and message.velocity > 0:
                sounding.setdefault(key, tick)
            elif key in sounding:
                start = sounding.pop(key)
                notes.append(
                    _RawNote(message.channel, message.note, start / tpb, (tick - start) / tpb)
                )
            _check_count(len(notes) + len(sounding))
        # Notes never released end with their track (some sequencers omit the note-offs).
        for (channel, pitch), start in sounding.items():
            notes.append(_RawNote(channel, pitch, start / tpb, (tick - start) / tpb))
    return notes


def _check_count(count: int) -> None:
    if count > MAX_NOTES:
        raise MidiRejected(
            f"The file has more than {MAX_NOTES} notes; a submission may have at most {MAX_NOTES}."
        )


def _check_length(bars: int, notes: int) -> None:
    """Refuse a melody of fewer than MIN_BARS bars or MIN_NOTES notes, or more than MAX_BARS."""
    if bars > MAX_BARS:
        raise MidiRejected(
            f"The melody is {plural(bars, 'bar')} long; a submission may have at most "
            f"{plural(MAX_BARS, 'bar')}."
        )
    if bars < MIN_BARS:
        raise MidiRejected(
            f"The melody is {plural(bars, 'bar')} long; a submission needs at least "
            f"{plural(MIN_BARS, 'bar')}."
        )
    if notes < MIN_NOTES:
        raise MidiRejected(
            f"The melody has {plural(notes, 'note')}; a submission needs at least "
            f"{plural(MIN_NOTES, 'note')}."
        )


def _snap(beats: float) -> float:
    return round(beats / GRID_BEATS) * GRID_BEATS


def top_voice(notes: list[_RawNote]) -> list[_RawNote]:
    """The highest note at each onset, each cut short where the next chosen note begins."""
    highest: dict[float, _RawNote] = {}
    for n in notes:
        onset = _snap(n.start)
        if onset not in highest or n.pitch > highest[onset].pitch:
            highest[onset] = n
    onsets = sorted(highest)
    voice = []
    for index, onset in enumerate(onsets):
        note = highest[onset]
        end = _snap(note.start + note.duration)
        if index + 1 < len(onsets):
            end = min(end, onsets[index + 1])
        voice.append(
            _RawNote(note.channel, note.pitch, onset, max(end - onset, MIN_DURATION_BEATS))
        )
    return voice


def _first_meta(midi: mido.MidiFile, kind: str) -> mido.MetaMessage | None:
    for track in midi.tracks:
        for message in track:
            if message.type == kind:
                return message
    return None


def _tempo(midi: mido.MidiFile) -> int:
    """First tempo in BPM, clamped to the parameter table's range."""
    message = _first_meta(midi, "set_tempo")
    if message is None or message.tempo <= 0:
        return DEFAULT_TEMPO_BPM
    tempo = MELODY_PARAMS["tempo"]
    low, high = tempo.minimum or 0, tempo.maximum or 0
    bpm = float(mido.tempo2bpm(message.tempo))
    return max(low, min(high, round(bpm)))


def _meter(midi: mido.MidiFile) -> str:
    """First time signature when it is one we support, else the one with the same bar length."""
    message = _first_meta(midi, "time_signature")
    if message is None:
        return "4/4"
    name = f"{message.numerator}/{message.denominator}"
    if name in METERS:
        return name
    bar_beats = message.numerator * 4 / message.denominator
    same_length = [m for m, meter in METERS.items() if meter.bar_beats == bar_beats]
    return same_length[0] if same_length else "4/4"


def _key(midi: mido.MidiFile, notes: list[_RawNote]) -> tuple[str, str]:
    message = _first_meta(midi, "key_signature")
    if message is not None:
        name = message.key
        scale = "minor" if name.endswith("m") else "major"
        key = name.removesuffix("m")
        if key in KEYS:
            return key, scale
    return infer_key((n.pitch, n.duration) for n in notes)


def _instrument(midi: mido.MidiFile, channel: int) -> str:
    for track in midi.tracks:
        for message in track:
            if message.type == "program_change" and message.channel == channel:
                return "piano" if message.program == 0 else GM_PROGRAM_NAMES[message.program]
    return "piano"


def read_submission(data: bytes) -> Melody:
    """The top voice of an uploaded MIDI file as a game-ready Melody (chords off), or
    MidiRejected.

    Leading empty bars are dropped; the length is rounded up to whole bars; the limits
    apply to that. Then the melody is cut at a phrase end and put in the composer's
    register (`as_game_melody`), so what is stored, approved and credited is what is played.
    """
    midi = _parse(data)
    notes = _notes(midi)
    if not notes:
        raise MidiRejected("The MIDI file has no notes (drums on channel 10 do not count).")
    voice = top_voice(notes)
    time = _meter(midi)
    bar_beats = METERS[time].bar_beats
    offset = math.floor(voice[0].start / bar_beats) * bar_beats
    end = max(n.start + n.duration for n in voice) - offset
    bars = max(1, math.ceil(round(end / bar_beats, 6)))
    _check_length(bars, len(voice))
    key, scale = _key(midi, voice)
    params = MelodyParams(
        key=key,
        scale=scale,
        tempo=_tempo(midi),
        bars=bars,
        time=time,
        instrument=_instrument(midi, voice[0].channel),
        chords=False,
        seed=0,
    )
    raw = [(n.pitch, n.start - offset, n.duration) for n in voice]
    return as_game_melody(params, raw)


def as_game_melody(params: MelodyParams, notes: list[RawNote]) -> Melody:
    """A submitted melody (`notes` from its first bar, beats) ending as the composer's do.

    Bars before the first with a note on its downbeat are a pickup and dropped. Then the
    longest, earliest window of at most LONGEST_CUT_BARS bars (at least MIN_BARS, and
    MIN_NOTES notes) that ends at a phrase end like the bundled tunes (the tonic where the
    composer's final note starts) is kept, its closing note held to the bar end. A melody
    with no such phrase end is not refused (where a member's tonic falls is the bot's
    concern, not theirs): its first LONGEST_CUT_BARS bars are kept and closed on the tonic
    at that position instead (`engine.phrase_cut.close_on_tonic`). Either way it is moved by
    octaves into the composer's register. Provenance `excerpt` names the bars when the
    melody was shortened; `ending` says "closed on the tonic" when its ending was replaced.
    """
    meter = METERS[params.time]
    first_full = next(
        (bar for bar in range(params.bars) if onset_at(notes, bar * meter.bar_beats)), 0
    )
    if params.bars - first_full < MIN_BARS:
        first_full = 0  # too little after the pickup: keep it rather than play one bar
    pickup = first_full * meter.bar_beats
    available = params.bars - first_full
    choices = range(min(available, LONGEST_CUT_BARS), MIN_BARS - 1, -1)
    provenance = {"collection": SUBMISSION_COLLECTION}
    for window in phrase_windows(notes, params.key, meter, pickup, available, choices):
        kept = excerpt_notes(notes, meter, pickup, window)
        if len(kept) >= MIN_NOTES:
            first_bar, bars = window.first_bar, window.bars
            break
    else:
        first_bar, bars = 0, min(available, LONGEST_CUT_BARS)
        kept = close_on_tonic(notes, params.key, meter, pickup, first_bar, bars)
        provenance["ending"] = "closed on the tonic"
    if (first_full + first_bar, bars) != (0, params.bars):
        provenance["excerpt"] = excerpt_label(first_full + first_bar, bars)
    cut = params.replace(bars=bars)
    return Melody(cut, shifted(kept, cut), (), provenance)
