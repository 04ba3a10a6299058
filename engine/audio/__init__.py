"""Audio: melodies to playable MP3 (44.1 kHz stereo).

- `soundfont`: `find_soundfont`, where SoundFonts are looked for.
- `synth`: `Renderer`, a warm FluidSynth (pyfluidsynth) rendering melodies to PCM.
- `encode`: trim, loudness (−16 LUFS), fade and MP3 under a size limit.
- `mp3frames`: MPEG-1 Layer III frame boundaries.
"""
