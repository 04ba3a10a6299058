"""Music theory tables, the single sources of every choice list.

- `scales`: `KEYS`, `SCALES`, `MINOR_SCALES`, `NOTE_NAMES`, `note_name`, `scale_pitches`.
- `meters`: `Meter`, `METERS`.
- `instruments`: the 128 General MIDI programs and friendly names.
- `moods`: `MOODS`, presets of defaults for the other parameters.
- `key_finding`: `infer_key` (Krumhansl-Schmuckler).
- `spelling`: key signatures of every key and scale, and each pitch's name in a key.
"""
