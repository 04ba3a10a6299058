"""The "AI or human?" listening games, platform-neutral.

- `service`: `GameService`, the one entry point for front ends.
- `items`: making AI and human items sound alike; `options`: the `/guess` options table.
- `models`: what the service hands to front ends; `reports`: reveals, results, CSV.
- `timers`: closing games at their time; `submissions`: member-uploaded tunes.
- `stats`: listening-study statistics; `chart`: the study chart.
- `community`: names, profiles, settings, exports, submissions (a base of `GameService`);
  `profiles`, `chat_settings`, `authorship`, `export` + `codebook`: the study's data.
"""
