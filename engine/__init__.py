"""melodybot's engine: pure music, usable as a library (no asyncio, chat or database).

Public API, by module:

- `engine.params`: `MELODY_PARAMS` (the one parameter table), `MelodyParams`, `resolve`,
  `ParamError`, `Param`, `ParamSchema`.
- `engine.theory`, `engine.instruments`, `engine.moods`: keys, scales, meters, GM programs,
  mood presets — the single sources of every choice list.
- `engine.melody`: `Note`, `Chord`, `Melody` (times in quarter-note beats).
- `engine.compose`: `compose(params, variation=0) -> Melody`, driven by the model that
  `engine.model.load_model` loads from `engine/data/` (PPM over viewpoints: `engine.ppm`,
  `engine.viewpoints`), with `harmony`, `phrases`, `rhythm`, `contour`, `motifs`, `melodic`,
  `variation` and `originality` as its parts.
- `engine.measures`: one measure per control.
- `engine.midi`: `to_midi_bytes`, `to_midi_file`, `notes_of_track` (480 ticks per beat).
- `engine.soundfont.find_soundfont`, `engine.render.Renderer`, `engine.encode.to_mp3`,
  `engine.pianoroll.render_png`: audio (44.1 kHz stereo) and pictures.
- `engine.submission.read_submission`, `engine.human_pool.load_human_pool`: human melodies.

Example::

    from engine.compose.composer import compose
    from engine.midi import to_midi_bytes
    from engine.params.melody import resolve

    melody = compose(resolve({"key": "D", "scale": "minor", "seed": "7"}))
    open("d-minor.mid", "wb").write(to_midi_bytes(melody))
"""
