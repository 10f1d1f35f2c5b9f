"""A long-running Python worker with two production bugs, for Hotline's long-running tools:
  - every job's result goes into a module-level cache that is never evicted;
  - every job builds a parent/child pair that point at each other, and the parent defines
    __del__: only the cycle collector frees them, later and at a cost.

    python3 worker.py [--seconds S]      (S 0 = forever)
"""
import sys
import time

_RESULTS = {}


class Job:
    def __init__(self, job_id):
        self.job_id = job_id
        self.child = JobStep(self)

    def __del__(self):
        self.child = None


class JobStep:
    def __init__(self, job):
        self.job = job  # back-reference: Job <-> JobStep is a cycle


def run_job(job_id):
    job = Job(job_id)
    _RESULTS[f"job-{job_id}"] = [job_id] * 64  # LEAK: the cache is never evicted
    return len(job.child.job.__dict__)


def main(seconds):
    start = time.monotonic()
    job_id = 0
    while seconds <= 0 or time.monotonic() - start < seconds:
        job_id += 1
        run_job(job_id)
        time.sleep(0.002)
    print(f"ran {job_id} jobs, {len(_RESULTS)} results cached")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(float(args[args.index("--seconds") + 1]) if "--seconds" in args else 0)
