"""The "AI or human?" listening games, platform-neutral.

- `service`: `GameService`, the one entry point for front ends.
- `items`: making AI and human items sound alike; `options`: the `/guess` options table.
- `models`: what the service hands to front ends; `reports`: reveals, results, CSV.
- `timers`: closing games at their time; `submissions`: member-uploaded tunes.
- `stats`: listening-study statistics; `chart`: the study chart.
"""
