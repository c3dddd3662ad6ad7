"""The order state machine's table says what shoppers, farms and operators may do."""
from hypothesis import given
from hypothesis import strategies as st

from heartland.orders import states

EVENTS = sorted({e for events in states.TRANSITIONS.values() for e in events})
PAID_SIDE = (states.ACCEPTED, states.SHIPPED, states.DECLARED, states.HELD, states.REJECTED, states.RELEASED,
             states.DELIVERED, states.COMPLETED, states.REFUNDED)


def test_every_state_is_reachable_from_pending_payment():
    reached, frontier = {states.PENDING_PAYMENT}, [states.PENDING_PAYMENT]
    while frontier:
        for target in states.MACHINE.targets(frontier.pop()):
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(states.STATES)


def test_final_states_have_no_way_out():
    assert all(not states.MACHINE.targets(s) for s in states.FINAL)


def test_money_is_never_refunded_before_it_is_paid_nor_by_the_shopper_after_shipping():
    assert not states.can(states.PENDING_PAYMENT, states.REFUNDED, "shopper")
    assert not states.can(states.SHIPPED, states.REFUNDED, "shopper")
    assert not states.can(states.DELIVERED, states.REFUNDED, "shopper")


def test_only_the_farm_accepts_and_only_the_carrier_or_an_operator_delivers():
    assert states.can(states.PAID, states.ACCEPTED, "merchant")
    assert not states.can(states.PAID, states.ACCEPTED, "shopper")
    assert not states.can(states.PENDING_PAYMENT, states.ACCEPTED, "merchant")
    assert states.MACHINE.events_for(states.SHIPPED, states.DELIVERED) == {"carrier", "operator"}


def test_only_customs_releases_holds_or_rejects_and_only_an_operator_declares_again_or_refunds_a_rejection():
    for target in (states.RELEASED, states.HELD, states.REJECTED):
        assert states.MACHINE.events_for(states.DECLARED, target) == {"customs"}
    assert states.MACHINE.events_for(states.REJECTED, states.DECLARED) == {"operator"}
    assert states.MACHINE.events_for(states.REJECTED, states.REFUNDED) == {"operator"}
    assert not states.can(states.ACCEPTED, states.RELEASED, "customs")  # never released undeclared


@given(st.lists(st.sampled_from(EVENTS), max_size=40), st.randoms(use_true_random=False))
def test_any_sequence_of_allowed_moves_keeps_the_money_rules(events, rnd):
    """Walk the table as real events would: the paid side only after payment, nothing after a
    final state, and a shopper never moves a shipped order."""
    current, history = states.PENDING_PAYMENT, [states.PENDING_PAYMENT]
    for event in events:
        targets = sorted(states.MACHINE.targets(current, event))
        if not targets:
            continue
        target = rnd.choice(targets)
        if event == "shopper":
            assert current not in (states.SHIPPED, states.DECLARED, states.RELEASED, states.DELIVERED) \
                or target == states.COMPLETED
        current = target
        history.append(current)
    if any(s in history for s in PAID_SIDE):
        assert states.PAID in history
        assert history.index(states.PAID) < min(history.index(s) for s in PAID_SIDE if s in history)
    for s in states.FINAL:
        if s in history:
            assert history[-1] == s and history.count(s) == 1
