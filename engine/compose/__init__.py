"""Composition: parameters and a seed to a `Melody` with chords.

`compose(params, variation=0)` (in `engine.compose.composer`) plans phrases
(engine.theory.phrases), chords (`harmony`), rhythm (`rhythm`), register (`contour`),
the contour's shape (engine.theory.contours), restated motifs (`motifs`) and pitches
(`note_walk`), drawing on the learned model in `engine.model`; `variation` redraws the
details; `drafts` chooses among drafts.

Re-exported here: `compose`.
"""

from engine.compose.composer import compose

__all__ = ["compose"]
