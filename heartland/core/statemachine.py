"""One way to write a state machine: a table of allowed transitions, each naming the events
(who or what) that may cause it. Pure Python: no Django import, so every machine's table is
importable and testable alone.

    MERCHANT = StateMachine("an application", {
        ("draft", "submitted"): {"member"},
        ("submitted", "approved"): {"operator"},
    })
    MERCHANT.check("draft", "submitted", "member")      # fine
    MERCHANT.check("draft", "approved", "member")       # IllegalTransition(kind="no_such_transition")
    MERCHANT.check("submitted", "approved", "member")   # IllegalTransition(kind="event_not_allowed")

A transition whose events are ``ANY`` may be caused by anything (the caller records what did).
Services own the writes: they lock the row, ``check`` the move, change the state and write one
audit row (``core.models.StateChange``) in the same transaction.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

ANY: frozenset[str] = frozenset({"*"})


class IllegalTransition(ValueError):
    """``kind`` is ``no_such_transition`` (the table has no such move) or ``event_not_allowed``
    (the move exists, but not for this event)."""

    def __init__(self, machine: str, current: str, target: str, event: str | None, kind: str) -> None:
        cause = f" ({event})" if event else ""
        super().__init__(f"{machine} that is {current or 'new'} cannot become {target}{cause}")
        self.machine, self.current, self.target, self.event, self.kind = machine, current, target, event, kind


class StateMachine:
    """``name`` reads in a sentence: "an order", "a payment" ("an order that is paid cannot …")."""

    def __init__(self, name: str, transitions: Mapping[tuple[str, str], Iterable[str]], *,
                 final: Iterable[str] = ()) -> None:
        self.name = name
        self.transitions: dict[tuple[str, str], frozenset[str]] = {
            pair: frozenset(events) for pair, events in transitions.items()}
        self.final = frozenset(final)
        for (current, _target), events in self.transitions.items():
            if not events:
                raise ValueError(f"{name}: the transition from {current} names no event")
            if current in self.final:
                raise ValueError(f"{name}: {current} is final but has a way out")

    @property
    def states(self) -> frozenset[str]:
        return frozenset(s for pair in self.transitions for s in pair)

    def events_for(self, current: str, target: str) -> frozenset[str]:
        """The events that may move ``current`` to ``target`` (empty: no such transition)."""
        return self.transitions.get((current, target), frozenset())

    def can(self, current: str, target: str, event: str | None = None) -> bool:
        events = self.events_for(current, target)
        return bool(events) and (event is None or events == ANY or event in events)

    def check(self, current: str, target: str, event: str | None = None) -> None:
        events = self.events_for(current, target)
        if not events:
            raise IllegalTransition(self.name, current, target, event, "no_such_transition")
        if event is not None and events != ANY and event not in events:
            raise IllegalTransition(self.name, current, target, event, "event_not_allowed")

    def targets(self, current: str, event: str | None = None) -> frozenset[str]:
        """Where ``current`` may go (for ``event``, when given)."""
        return frozenset(t for (c, t) in self.transitions if c == current and self.can(c, t, event))
