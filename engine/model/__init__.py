"""The learned melody model: PPM over musical viewpoints, trained on public-domain tunes.

- `melody_model`: `load_model` reads `data/melody_model.npz` (written by `make train`).
- `ppm`: prediction by partial match over small alphabets, as in IDyOM.
- `viewpoints`: the symbol sequences the model learns from and predicts.
- `originality`: (interval, duration) tokens and hashed 8-grams of the training tunes.
"""
