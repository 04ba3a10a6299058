"""Human melodies: the bundled public-domain pool and member submissions.

- `pool`: `load_human_pool` reads `data/human_pool.json.gz` (written by `make human-pool`).
- `phrase_cut`: cutting a human tune at a phrase end, in the composer's register.
- `submission`: `read_submission` reads an uploaded MIDI file safely.
"""
