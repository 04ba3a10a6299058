"""Composition: parameters and a seed to a `Melody` with chords.

`compose(params, variation=0)` (in `engine.compose.composer`) plans phrases
(`phrases`), chords (`harmony`), rhythm (`rhythm`), register and contour
(`contour`), restated motifs (`motifs`) and pitches (`pitch_choice`), drawing on
the learned model in `engine.model`; `variation` redraws the details.

Re-exported here: `compose`.
"""

from engine.compose.composer import compose

__all__ = ["compose"]
