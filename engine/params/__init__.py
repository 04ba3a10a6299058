"""Parameters: a generic schema and the one table of melody parameters built on it.

- `engine.params.schema`: `Param`, `ParamSchema`, `normalize`, `did_you_mean`.
- `engine.params.melody`: `MELODY_PARAMS` (the table), `MelodyParams`, `resolve`,
  `SEED_MAX`, `RANGE_OCTAVES`, `CONTOURS`, `RHYTHMS`.

The common names are re-exported here: `from engine.params import resolve`.
"""

from engine.errors import ParamError
from engine.params.melody import MELODY_PARAMS, SEED_MAX, MelodyParams, resolve
from engine.params.schema import Param, ParamSchema

__all__ = [
    "MELODY_PARAMS",
    "SEED_MAX",
    "MelodyParams",
    "Param",
    "ParamError",
    "ParamSchema",
    "resolve",
]
