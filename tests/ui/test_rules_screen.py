"""The rules screen: duration with extra time, questions and sections, monitoring, keys, resume, Start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from exam_app.core.model import Pack
from exam_app.core.session import ExamSession
from exam_app.core.session_record import MemorySessionStore
from exam_app.ui.rules_controller import RulesController
from exam_app.ui.rules_view import RulesView


def show_rules(qtbot: QtBot, session: ExamSession) -> tuple[RulesView, RulesController]:
    view = RulesView()
    qtbot.addWidget(view)
    controller = RulesController(view, session, parent=view)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    controller.start()
    return view, controller


def test_rules_describe_the_exam(qtbot: QtBot, all_types_pack: Pack) -> None:
    session = ExamSession.open(all_types_pack, "C-1", "Ada Lovelace", MemorySessionStore())
    view, _ = show_rules(qtbot, session)
    facts = view.facts.text()
    assert view.title.text() == "Client test exam"
    assert "Candidate: Ada Lovelace (C-1)" in facts
    assert "Time: 20 minutes." in facts and "extra time" not in facts
    assert "8 questions" in facts
    assert "Section “Choices”: 3 questions</li>" in facts
    assert "Section “Typed answers”: 5 questions with its own time limit of 5 minutes" in facts
    assert view.resumed.isHidden()
    assert view.start_button.text() == "Start the exam"


def test_rules_include_the_candidates_extra_time(qtbot: QtBot, all_types_pack: Pack) -> None:
    session = ExamSession.open(all_types_pack, "C-SLOW", "Grace", MemorySessionStore())
    view, _ = show_rules(qtbot, session)
    assert "Time: 30 minutes (including your extra time: 1.5 × 20 minutes)." in view.facts.text()
    assert "own time limit of 7 minutes 30 seconds" in view.facts.text()


def test_rules_say_what_is_monitored_from_the_policy(qtbot: QtBot, all_types_pack: Pack) -> None:
    session = ExamSession.open(all_types_pack, "C-1", "Ada", MemorySessionStore())
    view, _ = show_rules(qtbot, session)
    monitoring = view.monitoring.text()
    assert "Leaving the exam window: shows you a warning and is noted." in monitoring
    assert (
        "Running a program that is not allowed during the exam: pauses the exam until the proctor"
        in monitoring
    )
    assert "Pasting text into an answer: ends and submits the exam." in monitoring  # the pack sets `submit`
    assert "No activity for 10 minutes: is noted for the reviewers." in monitoring
    assert "Leaving the exam window 2 times or for 15 seconds in all pauses" in monitoring
    assert "Text copied outside the exam cannot be pasted into answers." in monitoring


def test_rules_document_the_keyboard_shortcuts(qtbot: QtBot, all_types_pack: Pack) -> None:
    session = ExamSession.open(all_types_pack, "C-1", "Ada", MemorySessionStore())
    view, _ = show_rules(qtbot, session)
    for key in ("Alt+N", "Alt+P", "Alt+F", "Alt+R", "Ctrl+plus", "Ctrl+Shift+H"):
        assert key in view.keys.text()
    assert view.start_button.accessibleName() == "Start the exam"


def test_resumed_session_says_so_and_keeps_the_answers(qtbot: QtBot, all_types_pack: Pack) -> None:
    store = MemorySessionStore()
    first = ExamSession.open(all_types_pack, "C-1", "Ada", store)
    first.begin()
    first.answer("single", 1)
    first.answer("short", "Paris")
    first.answer("essay", "   ")  # blank: not an answer
    resumed = ExamSession.open(all_types_pack, "C-1", "Ada", store)
    view, _ = show_rules(qtbot, resumed)
    assert view.resumed.isVisible()
    assert view.resumed.text().startswith("Your exam was interrupted; your 2 saved answers are kept.")
    assert view.start_button.text() == "Continue the exam"


def test_start_begins_the_session_from_the_keyboard(qtbot: QtBot, all_types_pack: Pack) -> None:
    session = ExamSession.open(all_types_pack, "C-1", "Ada", MemorySessionStore())
    view, controller = show_rules(qtbot, session)
    assert view.start_button.hasFocus()
    with qtbot.waitSignal(controller.begun):
        qtbot.keyClick(view.start_button, Qt.Key.Key_Space)
    assert session.state == "running"
