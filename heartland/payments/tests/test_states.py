import os
import subprocess
import sys
from decimal import Decimal

import pytest

from heartland.core.statemachine import IllegalTransition
from heartland.payments import states


def test_status_after_refunds():
    assert states.status_after_refunds(amount=Decimal("10"), refunded=Decimal("0")) == "paid"
    assert states.status_after_refunds(amount=Decimal("10"), refunded=Decimal("4")) == "partially_refunded"
    assert states.status_after_refunds(amount=Decimal("10"), refunded=Decimal("10")) == "refunded"
    with pytest.raises(ValueError):
        states.status_after_refunds(amount=Decimal("10"), refunded=Decimal("10.01"))


def test_a_refused_move_says_why():
    """What a service's bug would see (services decide with ``MACHINE.can`` first); how each
    status answers each event is tested through real payments in test_state_machine."""
    with pytest.raises(IllegalTransition) as exc:
        states.MACHINE.check(states.PAID, states.FAILED, "sandbox notice 1")
    assert (exc.value.kind, str(exc.value)) == (
        "no_such_transition", "a payment that is paid cannot become failed (sandbox notice 1)")


def test_pure_modules_import_without_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = ("import sys; import heartland.payments.states, heartland.payments.signing, "
            "heartland.payments.identity; assert 'django.conf' not in sys.modules, 'django imported'")
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=os.getcwd())
