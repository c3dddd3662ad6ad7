"""Payment outcomes move orders (connected in OrdersConfig.ready)."""
from __future__ import annotations

from .payment import connect

connect()
