"""General MIDI instruments: the 128 program names and friendly aliases.

`INSTRUMENTS` (friendly names first, then every GM name) is the single source
of instrument choices; `program_for` turns a choice into a GM program number.
"""

from __future__ import annotations

# General MIDI Level 1 program names, in program order 0-127.
GM_PROGRAM_NAMES: tuple[str, ...] = (
    "acoustic_grand_piano", "bright_acoustic_piano", "electric_grand_piano", "honky_tonk_piano",
    "electric_piano_1", "electric_piano_2", "harpsichord", "clavinet",
    "celesta", "glockenspiel", "music_box", "vibraphone",
    "marimba", "xylophone", "tubular_bells", "dulcimer",
    "drawbar_organ", "percussive_organ", "rock_organ", "church_organ",
    "reed_organ", "accordion", "harmonica", "tango_accordion",
    "acoustic_guitar_nylon", "acoustic_guitar_steel", "electric_guitar_jazz",
    "electric_guitar_clean", "electric_guitar_muted", "overdriven_guitar",
    "distortion_guitar", "guitar_harmonics",
    "acoustic_bass", "electric_bass_finger", "electric_bass_pick", "fretless_bass",
    "slap_bass_1", "slap_bass_2", "synth_bass_1", "synth_bass_2",
    "violin", "viola", "cello", "contrabass",
    "tremolo_strings", "pizzicato_strings", "orchestral_harp", "timpani",
    "string_ensemble_1", "string_ensemble_2", "synth_strings_1", "synth_strings_2",
    "choir_aahs", "voice_oohs", "synth_voice", "orchestra_hit",
    "trumpet", "trombone", "tuba", "muted_trumpet",
    "french_horn", "brass_section", "synth_brass_1", "synth_brass_2",
    "soprano_sax", "alto_sax", "tenor_sax", "baritone_sax",
    "oboe", "english_horn", "bassoon", "clarinet",
    "piccolo", "flute", "recorder", "pan_flute",
    "blown_bottle", "shakuhachi", "whistle", "ocarina",
    "lead_1_square", "lead_2_sawtooth", "lead_3_calliope", "lead_4_chiff",
    "lead_5_charang", "lead_6_voice", "lead_7_fifths", "lead_8_bass_and_lead",
    "pad_1_new_age", "pad_2_warm", "pad_3_polysynth", "pad_4_choir",
    "pad_5_bowed", "pad_6_metallic", "pad_7_halo", "pad_8_sweep",
    "fx_1_rain", "fx_2_soundtrack", "fx_3_crystal", "fx_4_atmosphere",
    "fx_5_brightness", "fx_6_goblins", "fx_7_echoes", "fx_8_sci_fi",
    "sitar", "banjo", "shamisen", "koto",
    "kalimba", "bagpipe", "fiddle", "shanai",
    "tinkle_bell", "agogo", "steel_drums", "woodblock",
    "taiko_drum", "melodic_tom", "synth_drum", "reverse_cymbal",
    "guitar_fret_noise", "breath_noise", "seashore", "bird_tweet",
    "telephone_ring", "helicopter", "applause", "gunshot",
)  # fmt: skip

# Short names people type, mapped to GM programs.
FRIENDLY_PROGRAMS: dict[str, int] = {
    "piano": 0, "electric_piano": 4, "harpsichord": 6, "celesta": 8, "glockenspiel": 9,
    "music_box": 10, "vibraphone": 11, "marimba": 12, "xylophone": 13, "organ": 19,
    "accordion": 21, "harmonica": 22, "guitar": 24, "steel_guitar": 25,
    "electric_guitar": 27, "bass": 32, "violin": 40, "viola": 41, "cello": 42,
    "harp": 46, "strings": 48, "choir": 52, "trumpet": 56, "trombone": 57,
    "horn": 60, "brass": 61, "sax": 65, "oboe": 68, "bassoon": 70, "clarinet": 71,
    "piccolo": 72, "flute": 73, "recorder": 74, "pan_flute": 75, "whistle": 78,
    "ocarina": 79, "synth_lead": 80, "synth_pad": 89, "sitar": 104, "banjo": 105,
    "koto": 107, "kalimba": 108, "bagpipe": 109, "fiddle": 110, "steel_drums": 114,
}  # fmt: skip

# Friendly names first, then GM names not already covered; order is preserved.
INSTRUMENTS: dict[str, int] = {
    **FRIENDLY_PROGRAMS,
    **{
        name: program
        for program, name in enumerate(GM_PROGRAM_NAMES)
        if name not in FRIENDLY_PROGRAMS
    },
}


def program_for(instrument: str) -> int:
    """General MIDI program number (0-127) of an instrument choice."""
    return INSTRUMENTS[instrument]


def display_name(instrument: str) -> str:
    """Human-readable instrument name: 'acoustic_grand_piano' -> 'acoustic grand piano'."""
    return instrument.replace("_", " ")


# The chord track's General MIDI program: a piano under any melody, so chords never double
# the melody's colour (a second flute), and a warm pad under a piano-family melody. The MIDI
# file (engine.midi) and the audio (engine.audio.synth) both play chords on it.
CHORD_PROGRAM = 0  # Acoustic Grand Piano
CHORD_PROGRAM_UNDER_PIANO = 89  # Pad 2 (warm)
PIANO_FAMILY = range(8)  # GM programs 0-7


def chord_program(melody_program: int) -> int:
    """The GM program the chord track plays under a melody on `melody_program`."""
    return CHORD_PROGRAM_UNDER_PIANO if melody_program in PIANO_FAMILY else CHORD_PROGRAM
