"""melodybot's engine: pure music, usable as a library (no asyncio, chat or database).

Public API, by module:

- `engine.params`: `MELODY_PARAMS` (the one parameter table), `MelodyParams`, `resolve`;
  `engine.errors`: the engine's error types.
- `engine.theory`: keys, scales, meters, GM programs (`instruments`), mood presets,
  key finding and `spelling` (key signatures and note names) — the single sources of
  every choice list and of every spelled note.
- `engine.melody`: `Note`, `Chord`, `Melody` (times in quarter-note beats).
- `engine.model`: the learned melody model (`load_model`) and the originality check.
- `engine.compose`: `composer.compose(params, variation=0) -> Melody` and its parts.
- `engine.measures`: one measure per control; `engine.fingerprint`: provenance.
- `engine.midi`: `to_midi_bytes`, `to_midi_file`, `notes_of_track` (480 ticks per beat).
- `engine.notation`: ABC and MusicXML text; `engine.picture`: the score PNG
  (verovio) and the piano roll.
- `engine.audio`: `soundfont.find_soundfont`, `synth.Renderer`, `mp3` encoding (44.1 kHz
  stereo, in-process LAME).
- `engine.human`: the bundled public-domain pool and members' submissions.

Example::

    from engine.compose.composer import compose
    from engine.midi import to_midi_bytes
    from engine.params.melody import resolve

    melody = compose(resolve({"key": "D", "scale": "minor", "seed": "7"}))
    open("d-minor.mid", "wb").write(to_midi_bytes(melody))
"""
