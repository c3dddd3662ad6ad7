"""The daily payout run (safe to run twice: a run records its payouts before writing its file)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="6", minute="0"))
def run_daily_payouts() -> int:
    """Pay every farm due into the payouts directory (HEARTLAND_PAYOUTS_DIR, else VAR_DIR/payouts)."""
    outcome = services.run_payouts(started_by="periodic task")
    return sum(run.payout_count for run in outcome.runs)
