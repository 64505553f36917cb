"""Per-candidate draws and shuffles: reproducible for one candidate, independent between candidates."""

from __future__ import annotations

import dataclasses
from collections import Counter

from exam_app.core.draw import option_order, presented_questions
from exam_app.core.model import ChoiceBody, Option, Pack, Question, Section, TrueFalseBody

CANDIDATES = [f"C-{n:03d}" for n in range(200)]


def make_pack(*, shuffle_questions: bool = False, shuffle_options: bool = False, version: int = 1) -> Pack:
    """Section `pool` draws 3 of 10 questions; section `fixed` has 4 and no draw; q-c is a 5-option choice."""
    pool = tuple(Question(f"p-{n}", "true_false", f"P{n}?", TrueFalseBody(answer=True)) for n in range(10))
    options = tuple(Option(f"option {n}", correct=n == 0) for n in range(5))
    fixed = (
        Question("q-c", "single_choice", "Pick.", ChoiceBody(options=options)),
        *(Question(f"f-{n}", "true_false", f"F{n}?", TrueFalseBody(answer=False)) for n in range(3)),
    )
    sections = (Section("pool", "Pool", pool, draw=3), Section("fixed", "Fixed", fixed))
    return Pack(
        id="draw-test",
        version=version,
        title="Draws",
        time_limit_minutes=10,
        sections=sections,
        shuffle_questions=shuffle_questions,
        shuffle_options=shuffle_options,
    )


def ids(pack: Pack, candidate: str, section: int = 0) -> list[str]:
    return [question.id for question in presented_questions(pack, candidate)[section][1]]


def test_same_candidate_gets_the_same_questions_every_time() -> None:
    for candidate in CANDIDATES[:20]:
        assert ids(make_pack(), candidate) == ids(make_pack(), candidate)
        assert ids(make_pack(shuffle_questions=True), candidate, 1) == ids(
            make_pack(shuffle_questions=True), candidate, 1
        )


def test_draw_count_is_honoured_without_duplicates() -> None:
    pack = make_pack()
    pool_ids = [question.id for question in pack.sections[0].questions]
    for candidate in CANDIDATES:
        drawn = ids(pack, candidate)
        assert len(drawn) == 3 == len(set(drawn))
        assert set(drawn) <= set(pool_ids)
        # Without shuffle_questions, drawn questions keep their written order.
        assert drawn == sorted(drawn, key=pool_ids.index)
        assert ids(pack, candidate, 1) == ["q-c", "f-0", "f-1", "f-2"]


def test_candidates_get_independent_draws() -> None:
    pack = make_pack()
    selections = [frozenset(ids(pack, candidate)) for candidate in CANDIDATES]
    # 120 possible selections among 200 candidates: a fair draw produces many distinct ones...
    assert len(set(selections)) > 60
    # ...and every question of the pool is drawn, about 3/10 of the time.
    counts = Counter(question_id for selection in selections for question_id in selection)
    assert len(counts) == 10
    assert all(30 <= count <= 90 for count in counts.values())


def test_a_new_version_redraws() -> None:
    changed = [c for c in CANDIDATES if ids(make_pack(version=1), c) != ids(make_pack(version=2), c)]
    assert len(changed) > len(CANDIDATES) // 2


def test_shuffle_changes_order_but_not_the_selection() -> None:
    plain, shuffled = make_pack(), make_pack(shuffle_questions=True)
    orders = set()
    for candidate in CANDIDATES:
        assert sorted(ids(plain, candidate)) == sorted(ids(shuffled, candidate))
        fixed_order = ids(shuffled, candidate, 1)
        assert sorted(fixed_order) == sorted(ids(plain, candidate, 1))
        orders.add(tuple(fixed_order))
    assert len(orders) > 12  # of the 24 orders of four questions


def test_option_order_is_identity_without_shuffle() -> None:
    pack = make_pack()
    choice = pack.sections[1].questions[0]
    assert all(option_order(pack, choice, candidate) == [0, 1, 2, 3, 4] for candidate in CANDIDATES)


def test_option_order_is_a_reproducible_permutation_that_varies() -> None:
    pack = make_pack(shuffle_options=True)
    choice = pack.sections[1].questions[0]
    orders = [option_order(pack, choice, candidate) for candidate in CANDIDATES]
    assert all(sorted(order) == [0, 1, 2, 3, 4] for order in orders)
    assert orders == [option_order(dataclasses.replace(pack), choice, c) for c in CANDIDATES]
    assert len({tuple(order) for order in orders}) > 50
    first_positions = Counter(order[0] for order in orders)
    assert len(first_positions) == 5  # the correct option is not stuck in one place


def test_option_order_of_a_question_without_options_is_empty() -> None:
    pack = make_pack(shuffle_options=True)
    assert option_order(pack, pack.sections[1].questions[1], "C-001") == []
