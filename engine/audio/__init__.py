"""Audio: melodies to playable MP3 (44.1 kHz stereo), all in the worker process.

- `soundfont`: `find_soundfont`, where SoundFonts are looked for.
- `synth`: `Renderer`, a warm FluidSynth (pyfluidsynth) rendering melodies to float PCM;
  dry by default, a room sound (reverb, MIDI CC 91) only when asked for.
- `master`: DSP on float PCM: trim, loudness (−16 LUFS), peak limiter, fade-out.
- `mp3`: bitrate choice under a size limit (`max_bytes`, passed by front ends) and encoding.
- `lame`: LAME in-process through lameenc; `id3`: the title tag it cannot write.
- `export`: pydub + ffmpeg, off the hot path.
- `quality`: SNR and bandwidth of decoded audio (the MP3 quality guard).

The encoder was chosen by measurement (issue 15; `engine.audio.lame` and
bench/RESULTS.md say why): lameenc met the quality guard against the ffmpeg
encoding it replaced and was the cheapest of lameenc, a ctypes binding to
Debian's libmp3lame, and pydub + ffmpeg.

pydub's role: the audio container for conversions that are not on the hot path
(a WAV download, an OGG/Opus voice note, ffmpeg's own MP3 as the quality
guard's reference), each costing an ffmpeg start. Gain, fades and loudness are
done on numpy arrays in `master`, and jobs never start ffmpeg.
"""
