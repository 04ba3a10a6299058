# melodybot: one image for the bot (`python -m bot`) and the queue workers (`melodybot worker`).
# Untested here (no Docker engine on the development machine): see docs/SCALING.md.
FROM python:3.11-slim-bookworm

# FluidSynth (library), ffmpeg (MP3 encoding) and the FluidR3 GM SoundFont, nothing else.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libfluidsynth3 ffmpeg fluid-soundfont-gm \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 melodybot \
    && mkdir /data && chown melodybot:melodybot /data

WORKDIR /app
# Dependencies first, so code changes reuse this layer.
COPY pyproject.toml README.md ./
COPY engine engine
COPY bot bot
COPY soundfonts soundfonts
RUN pip install --no-cache-dir .

ENV PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    DATABASE_PATH=/data/melodybot.db
USER melodybot
VOLUME /data
CMD ["python", "-m", "bot"]
