import os
import subprocess
import sys
from decimal import Decimal

import pytest

from heartland.payments import states


def test_the_state_table():
    assert states.can_transition("created", "pending") and states.can_transition("pending", "paid")
    for final in ("failed", "closed", "refunded"):
        assert not any(frm == final for frm, _ in states.TRANSITIONS)  # final states stay final
    assert not states.can_transition("paid", "failed") and not states.can_transition("closed", "paid")
    assert states.status_after_refunds(amount=Decimal("10"), refunded=Decimal("0")) == "paid"
    assert states.status_after_refunds(amount=Decimal("10"), refunded=Decimal("4")) == "partially_refunded"
    assert states.status_after_refunds(amount=Decimal("10"), refunded=Decimal("10")) == "refunded"
    with pytest.raises(ValueError):
        states.status_after_refunds(amount=Decimal("10"), refunded=Decimal("10.01"))


def test_pure_modules_import_without_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = ("import sys; import heartland.payments.states, heartland.payments.signing, "
            "heartland.payments.identity; assert 'django.conf' not in sys.modules, 'django imported'")
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=os.getcwd())
