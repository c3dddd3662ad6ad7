"""Import jobs: a merchant's upload runs the same importer as the CLI, as a background task
(``run_import_job``, a Huey task defined here beside the code it runs)."""
from __future__ import annotations

import csv
import io
import secrets

from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from heartland.core.errors import DomainError
from heartland.merchants.models import Merchant

from .importers.shopify import FileRefused, ImportSummary, RowError, import_shopify_csv
from .importers.shopify_format import COLUMNS
from .models import ImportJob, ImportRowError, ImportStatus

_COUNTERS = ("rows_seen", "products_created", "products_updated", "variants_created", "variants_updated", "rows_rejected")


def start_import(*, merchant: Merchant, user, upload) -> ImportJob:
    """Store the upload and queue the import once the job row is committed."""
    with transaction.atomic():
        job = ImportJob(merchant=merchant, created_by=user, original_name=(upload.name or "products.csv")[:255],
                        size_bytes=upload.size or 0)
        # The web server serves the media folder: the name must not be guessable (it used to be the
        # merchant's public slug and the upload's second), or anyone could download a catalogue.
        job.file.save(f"{secrets.token_urlsafe(16)}-{merchant.slug[:40]}.csv", upload, save=False)
        job.save()
        transaction.on_commit(lambda: run_import_job(job.pk))
    return job


def _save_errors(job: ImportJob, errors: list[RowError]) -> None:
    ImportRowError.objects.bulk_create([
        ImportRowError(job=job, row_number=e.row_number, column=e.column[:255], value=e.value[:2000],
                       reason=e.reason, handle=e.handle[:255], row=e.row)
        for e in errors
    ], batch_size=500)


def _save_progress(job: ImportJob, summary: ImportSummary, **extra) -> None:
    values = {k: getattr(summary, k) for k in _COUNTERS}
    if summary.rows_total:
        values["bytes_done"] = int(job.size_bytes * summary.rows_seen / summary.rows_total)
    values.update(extra)
    ImportJob.objects.filter(pk=job.pk).update(**values)


def run_import(*, job_id: int) -> ImportJob:
    """Run one job; safe to run twice (a finished job is left alone)."""
    job = ImportJob.objects.select_related("merchant").get(pk=job_id)
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.QUEUED).update(status=ImportStatus.RUNNING)
    if not claimed:
        return job
    try:
        with job.file.open("rb") as f:
            summary = import_shopify_csv(
                merchant=job.merchant, binary=f,
                on_errors=lambda errors: _save_errors(job, errors),
                on_progress=lambda s: _save_progress(job, s),
            )
    except FileRefused as exc:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.REFUSED, message=str(exc), finished_at=timezone.now())
    except Exception as exc:  # a bug or an outage: say so, keep what committed batches wrote
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(),
            message=f"The import stopped unexpectedly ({type(exc).__name__}). Rows before the stop were saved; "
                    "upload the file again to finish — rows already imported will not change.")
        raise
    else:
        _save_progress(job, summary, status=ImportStatus.DONE, finished_at=timezone.now(),
                       message="\n".join(summary.notes), bytes_done=job.size_bytes)
    job.refresh_from_db()
    return job


def fix_row(*, merchant: Merchant, row_error: ImportRowError, values: dict[str, str]) -> list[RowError]:
    """Import one corrected row through the same importer. Returns the new errors ([] when it went in)."""
    if row_error.job.merchant_id != merchant.pk:
        raise DomainError("not_found", "No such row.")
    keys = [k for k in COLUMNS if k in values]
    if "handle" not in keys:
        keys.insert(0, "handle")
    if "title" not in keys:
        keys.insert(1, "title")
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([COLUMNS[k] for k in keys])
    writer.writerow([values.get(k, "") for k in keys])
    errors: list[RowError] = []
    try:
        import_shopify_csv(merchant=merchant, binary=io.BytesIO(buf.getvalue().encode()), on_errors=errors.extend)
    except FileRefused as exc:
        return [RowError(row_error.row_number, "", "", str(exc))]
    for e in errors:
        e.row_number = row_error.row_number
    if not errors:
        row_error.row = {k: values.get(k, "") for k in keys}
        row_error.fixed_at = timezone.now()
        row_error.save(update_fields=["row", "fixed_at"])
    return errors


@db_task(retries=0)
def run_import_job(job_id: int) -> None:
    run_import(job_id=job_id)
