"""The one state-machine helper every app's workflow is written with."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from heartland.core.statemachine import ANY, IllegalTransition, StateMachine

DOOR = StateMachine("a door", {
    ("closed", "open"): {"tenant", "janitor"},
    ("open", "closed"): ANY,
    ("closed", "bricked"): {"landlord"},
}, final={"bricked"})


def test_a_move_in_the_table_by_an_allowed_event_passes():
    DOOR.check("closed", "open", "tenant")
    DOOR.check("open", "closed", "the wind")  # ANY: whatever caused it
    DOOR.check("closed", "open")  # no event: the move alone is checked


def test_a_move_not_in_the_table_is_refused_with_a_sentence():
    with pytest.raises(IllegalTransition) as exc:
        DOOR.check("open", "bricked", "landlord")
    assert exc.value.kind == "no_such_transition"
    assert str(exc.value) == "a door that is open cannot become bricked (landlord)"


def test_a_move_by_the_wrong_event_is_refused_as_such():
    with pytest.raises(IllegalTransition) as exc:
        DOOR.check("closed", "bricked", "tenant")
    assert exc.value.kind == "event_not_allowed"
    assert (exc.value.current, exc.value.target, exc.value.event) == ("closed", "bricked", "tenant")


def test_targets_list_where_each_event_may_go():
    assert DOOR.targets("closed") == {"open", "bricked"}
    assert DOOR.targets("closed", "tenant") == {"open"}
    assert DOOR.targets("bricked") == frozenset()
    assert DOOR.states == {"open", "closed", "bricked"}


def test_a_table_that_lets_a_final_state_out_or_names_no_event_is_refused():
    with pytest.raises(ValueError, match="final"):
        StateMachine("a box", {("shut", "open"): {"x"}}, final={"shut"})
    with pytest.raises(ValueError, match="no event"):
        StateMachine("a box", {("shut", "open"): set()})


STATES = st.sampled_from("abcd")
EVENTS = st.sampled_from(["x", "y", "z"])


@given(st.dictionaries(st.tuples(STATES, STATES), st.one_of(st.just(ANY), st.sets(EVENTS, min_size=1)), max_size=10),
       STATES, STATES, st.one_of(st.none(), EVENTS))
def test_can_and_check_always_agree(table, current, target, event):
    machine = StateMachine("a thing", table)
    try:
        machine.check(current, target, event)
    except IllegalTransition:
        assert not machine.can(current, target, event)
    else:
        assert machine.can(current, target, event)
        assert target in machine.targets(current, event)
