"""Development scripts: training the model and building the human pool (need music21)."""
