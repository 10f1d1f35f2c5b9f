"""A long-running asyncio worker with one production bug, for Hotline's event-loop tools: every 10th
job computes a checksum synchronously inside its coroutine, stalling the event loop for everyone.
The checksum takes ~60 ms of CPU here (400,000 items took 17 ms, under asyncio's 20 ms bar when the
machine was idle, so asyncio rightly did not report them all). Each stall is measured by the program itself and logged to stderr ("stall: ... ms"), the figure
Hotline's report is checked against.

    python3 async_worker.py [--seconds S]      (S 0 = forever)
"""
import asyncio
import sys
import time


def checksum(n):
    return sum(i * i % 7 for i in range(n))


async def job(job_id):
    await asyncio.sleep(0.005)
    if job_id % 10 == 0:
        t0 = time.perf_counter()
        value = checksum(1_500_000)  # BLOCKS: synchronous work inside the coroutine
        sys.stderr.write(f"stall: checksum blocked the event loop for {(time.perf_counter() - t0) * 1000:.1f} ms\n")
        await asyncio.sleep(0)
        return value
    return job_id


async def main(seconds):
    start = time.monotonic()
    job_id = 0
    while seconds <= 0 or time.monotonic() - start < seconds:
        job_id += 1
        await asyncio.gather(job(job_id), asyncio.sleep(0.01))
    print(f"ran {job_id} jobs")


if __name__ == "__main__":
    args = sys.argv[1:]
    asyncio.run(main(float(args[args.index("--seconds") + 1]) if "--seconds" in args else 0))
