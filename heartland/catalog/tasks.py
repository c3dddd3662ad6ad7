from huey.contrib.djhuey import db_task

from .import_jobs import run_import


@db_task(retries=0)
def run_import_job(job_id: int) -> None:
    run_import(job_id=job_id)
