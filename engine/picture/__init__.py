"""Pictures of melodies: the piano roll (`pianoroll.render_png`, Pillow) and the score
(`score.render_score_pngs`: sheet music engraved by verovio from the MusicXML, drawn by resvg)."""
