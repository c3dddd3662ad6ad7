from heartland.fulfillment.tests.conftest import carrier_settings  # noqa: F401  (autouse: the sandbox carrier on)
