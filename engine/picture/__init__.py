"""Pictures of melodies: `pianoroll.render_png`."""
