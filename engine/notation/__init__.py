"""Notation: a melody written as musicians read it, in ABC and MusicXML text.

- `titles`: the title (key and scale, or a tune's own) and the line of parameters and seed.
- `measures`: notes and rests cut at bar lines and beats into notatable values, tied,
  beamed by beat, spelled in the key (`engine.theory.spelling`).
- `abc`: ABC 2.1 text (`to_abc`); `musicxml`: MusicXML 4.0 partwise text (`to_musicxml`).

Pure text out; the score picture (`engine.picture.score`) engraves the MusicXML.
"""
