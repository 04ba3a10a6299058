"""The job runner: CPU work (compose, render, encode, pictures) off the event loop.

- `pool`: `WorkerPool`, local worker processes with a bounded queue, timeouts and a cache.
- `worker`: one worker process and the bot's end of its pipe.
- `jobs`: the job functions that run inside the workers.
- `cache`: the content-addressed result cache.
"""
