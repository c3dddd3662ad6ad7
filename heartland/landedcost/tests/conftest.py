"""Fixtures for the landed-cost tests. No Django: these tests run with ``-p no:django``."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from heartland.landedcost import load_rules
from heartland.landedcost.rules import DATA_DIR, RuleSet


@pytest.fixture
def data_copy(tmp_path: Path) -> Callable[..., Path]:
    """Copy the shipped data dir; ``edit(file, fn)`` rewrites a YAML file through ``fn(data)``."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)

    def edit(file: str | None = None, fn: Callable[[Any], Any] | None = None, text: str | None = None) -> Path:
        if file is not None:
            path = target / file
            if text is not None:
                path.write_text(text, encoding="utf-8")
            elif fn is not None:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                result = fn(data)
                path.write_text(yaml.safe_dump(result if result is not None else data, allow_unicode=True,
                                               sort_keys=False), encoding="utf-8")
        return target

    return edit


@pytest.fixture
def rules_with_list(tmp_path: Path) -> Callable[[str], RuleSet]:
    """Shipped rules with an operator positive list given as CSV text."""

    def build(csv_text: str) -> RuleSet:
        path = tmp_path / "operator_list.csv"
        path.write_text(csv_text, encoding="utf-8")
        return load_rules(DATA_DIR, positive_list=path)

    return build
