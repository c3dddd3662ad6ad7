"""The sandbox gateway's Huey tasks, for the worker's task discovery: ``deliver_sandbox_notice``
is defined in ``gateway`` beside the delivery it runs."""
from .gateway import deliver_sandbox_notice  # noqa: F401
