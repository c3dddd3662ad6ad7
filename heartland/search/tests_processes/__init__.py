"""Search tests that need real transactions (worker processes read what this process
committed). They live outside `search/tests/`, whose package keeps one transaction open around
all its tests (the seeded demo catalogue, rolled back at the end)."""
