"""collector.paused: no collection inside, the state restored, and what was made inside
left in the oldest generation rather than walked by the next young collection."""

from __future__ import annotations

import gc

from onnotice.collector import paused, settled


def test_paused_stops_collection_inside_and_restores_it() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_leaves_the_collector_off_if_it_was_off() -> None:
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_was_made_inside_goes_to_the_oldest_generation() -> None:
    with paused():
        made = [[] for _ in range(10)]
    assert not any(o is made for o in gc.get_objects(generation=0))
    assert any(o is made for o in gc.get_objects(generation=2))
    assert gc.get_freeze_count() == 0  # nothing left frozen for whoever goes on


def test_an_error_inside_still_restores_the_collector() -> None:
    try:
        with paused():
            raise RuntimeError("inside")
    except RuntimeError:
        pass
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_paused_inside_settled_keeps_the_outer_freeze() -> None:
    with settled():
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with paused():
            pass
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0
