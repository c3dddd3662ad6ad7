"""Search tests that commit for real: worker processes read what this process committed, and an
index update that fails after the commit is logged. They run outside the demo catalogue's
transaction (see ../conftest.py) and after the package's other database tests."""
