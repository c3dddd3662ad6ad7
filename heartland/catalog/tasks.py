"""The catalog's Huey tasks, for the worker's task discovery."""
from .import_jobs import run_import_job  # noqa: F401  (defined beside the import it runs)
