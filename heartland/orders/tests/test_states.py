"""The order state machine (pure): no sequence of events reaches an illegal state."""
from hypothesis import given
from hypothesis import strategies as st

from heartland.orders import states

EVENTS = sorted({e for events in states.TRANSITIONS.values() for e in events} | {"bogus"})


def test_every_state_is_reachable_from_pending_payment():
    reached, frontier = {states.PENDING_PAYMENT}, [states.PENDING_PAYMENT]
    while frontier:
        current = frontier.pop()
        for (a, b) in states.TRANSITIONS:
            if a == current and b not in reached:
                reached.add(b)
                frontier.append(b)
    assert reached == set(states.STATES)


def test_final_states_have_no_way_out():
    assert not any(a in states.FINAL for a, _ in states.TRANSITIONS)


def test_money_is_never_refunded_before_it_is_paid():
    assert not states.can(states.PENDING_PAYMENT, states.REFUNDED, "shopper")
    assert not states.can(states.SHIPPED, states.REFUNDED, "shopper")


@given(st.lists(st.tuples(st.sampled_from(states.STATES), st.sampled_from(EVENTS)), max_size=40))
def test_random_event_sequences_stay_legal(steps):
    current, history = states.PENDING_PAYMENT, [states.PENDING_PAYMENT]
    for target, event in steps:
        if states.can(current, target, event):
            states.check(current, target, event)
            current = target
            history.append(current)
        else:
            try:
                states.check(current, target, event)
            except states.IllegalTransition:
                pass
            else:  # pragma: no cover - would be a bug
                raise AssertionError(f"{current} → {target} by {event} should be refused")
    assert current in states.STATES
    # Paid-side states only after PAID; nothing after a final state.
    if any(s in history for s in (states.ACCEPTED, states.DECLARED, states.SHIPPED, states.REFUNDED)):
        assert states.PAID in history
    for s in states.FINAL:
        if s in history:
            assert history[-1] == s and history.count(s) == 1
