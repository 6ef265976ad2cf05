"""Background work of imports: large files are imported off the request."""

from __future__ import annotations

from django_tasks import task

from outturn.transfer.services import import_job_run


@task()
def import_outturns_job(job_id: int) -> str:
    """Import a queued job's file; returns the job's final state."""
    job = import_job_run(job_id=job_id)
    return job.state if job is not None else "taken by another worker"
