"""Audio: melodies to playable MP3 (44.1 kHz stereo).

- `soundfont`: `find_soundfont`, where SoundFonts are looked for.
- `synth`: `Renderer`, a warm FluidSynth (pyfluidsynth) rendering melodies to float PCM.
- `master`: DSP on float PCM: trim, loudness (−16 LUFS), peak limiter, fade-out.
- `mp3`: bitrate choice under a size limit (`max_bytes`, passed by front ends) and MP3 encoding.
- `mp3frames`: MPEG-1 Layer III frame boundaries (joining halves encoded at once).

pydub's role: it wraps ffmpeg for the MP3 export in `mp3`; gain, fades and
loudness are done here on numpy arrays, not with pydub.
"""
