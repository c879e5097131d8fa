"""The signature pad records real mouse, touch and stylus input as (x, y, pressure) strokes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QScroller, QVBoxLayout, QWidget

from consent_app.ui.signature_pad import SignaturePad

INK = QColor("#1a1a2e")


@pytest.fixture
def pad(qtbot) -> SignaturePad:
    """A shown pad at a realistic size, so real input events reach it."""
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(640, 260)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def stylus() -> QPointingDevice:
    """A pen device with pressure, as a Wacom or Surface pen reports itself."""
    return QPointingDevice(
        "test stylus",
        4242,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )


def send_tablet(
    pad: SignaturePad,
    device: QPointingDevice,
    kind: QEvent.Type,
    x: float,
    y: float,
    pressure: float,
    buttons: Qt.MouseButton = Qt.MouseButton.LeftButton,
) -> QTabletEvent:
    """Deliver one stylus event to the pad and return it, to check it was accepted."""
    local = QPointF(x, y)
    event = QTabletEvent(
        kind,
        device,
        local,
        pad.mapToGlobal(local),
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        Qt.KeyboardModifier.NoModifier,
        Qt.MouseButton.LeftButton,
        buttons,
    )
    QApplication.sendEvent(pad, event)
    return event


@pytest.fixture
def scrolled_page(qtbot) -> Iterator[tuple[QScrollArea, SignaturePad]]:
    """A pad near the top of a long page that scrolls by dragging, as the wizard pages do."""
    scroll = QScrollArea()
    qtbot.addWidget(scroll)
    scroll.setWidgetResizable(True)
    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    body = QWidget()
    layout = QVBoxLayout(body)
    pad = SignaturePad()
    layout.addWidget(pad)
    filler = QLabel("More text below")
    filler.setMinimumHeight(2000)
    layout.addWidget(filler)
    scroll.setWidget(body)
    scroll.resize(700, 500)
    scroll.show()
    qtbot.waitExposed(scroll)
    yield scroll, pad
    # A flick left coasting would count as an active scroller and swallow the next test's press.
    QScroller.scroller(scroll.viewport()).stop()


def drag_in_window(scroll: QScrollArea, points: list[QPoint]) -> None:
    """Drag with the mouse through the window at a hand's pace, as the platform delivers it."""
    window = scroll.windowHandle()
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for point in points[1:]:
        QTest.qWait(20)
        QTest.mouseMove(window, point)
    QTest.mouseRelease(
        window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1]
    )
    QTest.qWait(200)


def ink_pixels(image: QImage, x: int, y_from: int, y_to: int) -> int:
    """Count near-ink pixels in one column, a measure of how thick a horizontal line is."""
    count = 0
    for y in range(y_from, y_to):
        colour = image.pixelColor(x, y)
        if colour.red() < 120 and colour.green() < 120 and colour.blue() < 140:
            count += 1
    return count


def test_a_new_pad_is_empty_and_labelled_for_screen_readers(pad: SignaturePad) -> None:
    assert pad.is_empty()
    assert pad.strokes() == []
    assert pad.accessibleName() == "Signature pad"
    assert pad.accessibleDescription() == (
        "Sign here with your finger, a stylus or the mouse, or type your name and press Enter"
    )
    assert pad.minimumWidth() >= 480
    assert pad.minimumHeight() >= 200
    assert pad.testAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)


def test_canvas_size_is_the_pad_size_in_logical_pixels(pad: SignaturePad) -> None:
    assert pad.canvas_size() == (640, 260)
    pad.resize(700, 300)
    assert pad.canvas_size() == (700, 300)


def test_a_mouse_drag_draws_one_stroke_at_middle_pressure(qtbot, pad: SignaturePad) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(50, 100))
    for x in (100, 150, 200, 250):
        qtbot.mouseMove(pad, QPoint(x, 100 + x // 10))
    with qtbot.waitSignal(pad.changed, timeout=1000):
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 130))

    strokes = pad.strokes()
    assert len(strokes) == 1
    assert strokes[0][0] == (50.0, 100.0, 0.5)
    assert strokes[0][-1] == (300.0, 130.0, 0.5)
    assert (150.0, 115.0, 0.5) in strokes[0]
    assert not pad.is_empty()


def test_a_stroke_is_only_recorded_when_the_finger_lifts(qtbot, pad: SignaturePad) -> None:
    with qtbot.assertNotEmitted(pad.changed):
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(50, 100))
        qtbot.mouseMove(pad, QPoint(120, 110))
    assert pad.is_empty()
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(120, 110))
    assert len(pad.strokes()) == 1


def test_two_drags_make_two_strokes(qtbot, pad: SignaturePad) -> None:
    for y in (80, 160):
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(60, y))
        qtbot.mouseMove(pad, QPoint(200, y))
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(260, y))
    assert [[p[:2] for p in s] for s in pad.strokes()] == [
        [(60.0, 80.0), (200.0, 80.0), (260.0, 80.0)],
        [(60.0, 160.0), (200.0, 160.0), (260.0, 160.0)],
    ]


def test_the_right_button_does_not_draw(qtbot, pad: SignaturePad) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.RightButton, pos=QPoint(50, 100))
    qtbot.mouseMove(pad, QPoint(200, 120))
    qtbot.mouseRelease(pad, Qt.MouseButton.RightButton, pos=QPoint(200, 120))
    assert pad.is_empty()


def test_ink_dragged_past_the_edge_stays_on_the_pad(qtbot, pad: SignaturePad) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(600, 200))
    qtbot.mouseMove(pad, QPoint(900, 400))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(900, 400))
    assert pad.strokes()[0][-1] == (640.0, 260.0, 0.5)


def test_a_finger_draws_one_stroke_without_a_second_mouse_copy(qtbot, pad: SignaturePad) -> None:
    device = QTest.createTouchDevice()
    # Touches go through the window, as the platform delivers them, so Qt's own
    # touch-to-mouse synthesis would show up here as a second stroke.
    window = pad.windowHandle()
    QTest.touchEvent(window, device).press(0, QPoint(100, 150)).commit()
    QTest.touchEvent(window, device).move(0, QPoint(150, 160)).commit()
    QTest.touchEvent(window, device).move(0, QPoint(200, 140)).commit()
    with qtbot.waitSignal(pad.changed, timeout=1000):
        QTest.touchEvent(window, device).release(0, QPoint(220, 150)).commit()

    assert pad.strokes() == [
        [(100.0, 150.0, 0.5), (150.0, 160.0, 0.5), (200.0, 140.0, 0.5), (220.0, 150.0, 0.5)]
    ]


def test_a_second_finger_does_not_ink(pad: SignaturePad) -> None:
    device = QTest.createTouchDevice()
    window = pad.windowHandle()
    QTest.touchEvent(window, device).press(0, QPoint(100, 100)).commit()
    QTest.touchEvent(window, device).stationary(0).press(1, QPoint(400, 200)).commit()
    QTest.touchEvent(window, device).move(0, QPoint(150, 110)).move(1, QPoint(450, 220)).commit()
    QTest.touchEvent(window, device).release(0, QPoint(160, 120)).release(
        1, QPoint(460, 230)
    ).commit()

    strokes = pad.strokes()
    assert len(strokes) == 1
    assert all(x < 200 for x, _, _ in strokes[0])


def test_stylus_pressure_is_recorded_and_events_are_accepted(
    qtbot, pad: SignaturePad, stylus: QPointingDevice
) -> None:
    press = send_tablet(pad, stylus, QEvent.Type.TabletPress, 300, 60, 0.2)
    send_tablet(pad, stylus, QEvent.Type.TabletMove, 350, 80, 0.6)
    send_tablet(pad, stylus, QEvent.Type.TabletMove, 400, 90, 0.95)
    with qtbot.waitSignal(pad.changed, timeout=1000):
        release = send_tablet(
            pad, stylus, QEvent.Type.TabletRelease, 400, 90, 0.0, Qt.MouseButton.NoButton
        )

    # Accepted events are what stop Qt synthesizing a mouse event that would draw twice.
    assert press.isAccepted()
    assert release.isAccepted()
    assert pad.strokes() == [[(300.0, 60.0, 0.2), (350.0, 80.0, 0.6), (400.0, 90.0, 0.95)]]


def test_a_hovering_stylus_does_not_ink(pad: SignaturePad, stylus: QPointingDevice) -> None:
    send_tablet(pad, stylus, QEvent.Type.TabletMove, 100, 100, 0.0, Qt.MouseButton.NoButton)
    send_tablet(pad, stylus, QEvent.Type.TabletMove, 200, 120, 0.0, Qt.MouseButton.NoButton)
    assert pad.is_empty()


def test_add_stroke_round_trips_and_emits_changed(qtbot, pad: SignaturePad) -> None:
    points = [(10, 20, 0.5), (30.5, 40.25, 0.75), (50, 60, 1)]
    with qtbot.waitSignal(pad.changed, timeout=1000):
        pad.add_stroke(points)
    assert pad.strokes() == [[(10.0, 20.0, 0.5), (30.5, 40.25, 0.75), (50.0, 60.0, 1.0)]]
    assert all(isinstance(v, float) for point in pad.strokes()[0] for v in point)


def test_strokes_returns_a_copy(pad: SignaturePad) -> None:
    pad.add_stroke([(10.0, 20.0, 0.5), (30.0, 40.0, 0.5)])
    pad.strokes()[0].append((99.0, 99.0, 0.5))
    pad.strokes().clear()
    assert pad.strokes() == [[(10.0, 20.0, 0.5), (30.0, 40.0, 0.5)]]


def test_set_strokes_restores_a_saved_signature(qtbot, pad: SignaturePad) -> None:
    pad.add_stroke([(1.0, 1.0, 0.5), (2.0, 2.0, 0.5)])
    # Saved sessions come back from JSON as lists, not tuples.
    saved = [[[100, 100, 0.5], [200, 120, 0.5]], [[300, 80, 0.3], [320, 90, 0.9]]]
    with qtbot.waitSignal(pad.changed, timeout=1000):
        pad.set_strokes(saved)
    assert pad.strokes() == [
        [(100.0, 100.0, 0.5), (200.0, 120.0, 0.5)],
        [(300.0, 80.0, 0.3), (320.0, 90.0, 0.9)],
    ]


def test_clear_empties_the_pad_and_emits_changed(qtbot, pad: SignaturePad) -> None:
    pad.add_stroke([(10.0, 20.0, 0.5), (30.0, 40.0, 0.5)])
    with qtbot.waitSignal(pad.changed, timeout=1000):
        pad.clear()
    assert pad.is_empty()
    assert pad.strokes() == []


def test_clear_during_a_stroke_drops_the_unfinished_ink(qtbot, pad: SignaturePad) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(50, 100))
    qtbot.mouseMove(pad, QPoint(120, 110))
    pad.clear()
    qtbot.mouseMove(pad, QPoint(200, 110))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 110))
    assert pad.is_empty()


def test_the_pad_paints_dark_ink_on_white_paper(pad: SignaturePad) -> None:
    blank = pad.grab().toImage()
    assert blank.pixelColor(200, 100) == QColor("#ffffff")

    pad.add_stroke([(100.0, 100.0, 1.0), (300.0, 100.0, 1.0)])
    inked = pad.grab().toImage()
    centre = inked.pixelColor(200, 100)
    assert abs(centre.red() - INK.red()) < 30
    assert abs(centre.green() - INK.green()) < 30
    assert abs(centre.blue() - INK.blue()) < 30
    assert inked.pixelColor(200, 140) == QColor("#ffffff")


def test_firmer_pressure_paints_a_thicker_line(pad: SignaturePad) -> None:
    pad.add_stroke([(100.0, 60.0, 0.0), (300.0, 60.0, 0.0)])
    pad.add_stroke([(100.0, 140.0, 1.0), (300.0, 140.0, 1.0)])
    image = pad.grab().toImage()
    light = ink_pixels(image, 200, 50, 70)
    firm = ink_pixels(image, 200, 130, 150)
    assert 1 <= light < firm
    assert firm >= 3


def test_signing_on_a_drag_scrolled_page_draws_instead_of_scrolling(
    scrolled_page: tuple[QScrollArea, SignaturePad],
) -> None:
    scroll, pad = scrolled_page
    origin = pad.mapTo(scroll, QPoint(0, 0))
    upward = [QPoint(100, 150 - 30 * i) + origin for i in range(5)]
    drag_in_window(scroll, upward)

    assert [p[:2] for s in pad.strokes() for p in s] == [
        (100.0, 150.0),
        (100.0, 120.0),
        (100.0, 90.0),
        (100.0, 60.0),
        (100.0, 30.0),
    ]
    assert scroll.verticalScrollBar().value() == 0


def test_dragging_beside_the_pad_still_scrolls_the_page(
    scrolled_page: tuple[QScrollArea, SignaturePad],
) -> None:
    scroll, pad = scrolled_page
    below_pad = pad.mapTo(scroll, QPoint(100, pad.height() + 120))
    drag_in_window(scroll, [below_pad - QPoint(0, 40 * i) for i in range(5)])
    assert scroll.verticalScrollBar().value() > 0
    assert pad.is_empty()


def test_a_finger_on_a_drag_scrolled_page_draws_instead_of_scrolling(
    scrolled_page: tuple[QScrollArea, SignaturePad],
) -> None:
    scroll, pad = scrolled_page
    origin = pad.mapTo(scroll, QPoint(0, 0))
    device = QTest.createTouchDevice()
    window = scroll.windowHandle()
    QTest.touchEvent(window, device).press(0, QPoint(100, 150) + origin).commit()
    for y in (120, 90, 60, 30):
        QTest.qWait(20)
        QTest.touchEvent(window, device).move(0, QPoint(100, y) + origin).commit()
    QTest.touchEvent(window, device).release(0, QPoint(100, 30) + origin).commit()
    QTest.qWait(200)

    assert len(pad.strokes()) == 1
    assert pad.strokes()[0][-1] == (100.0, 30.0, 0.5)
    assert scroll.verticalScrollBar().value() == 0


# --- signing by keyboard ------------------------------------------------------------------


def test_the_pad_is_a_tab_stop_and_says_it_takes_a_typed_name(pad: SignaturePad) -> None:
    assert pad.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert "type your name" in pad.accessibleDescription()


def test_a_typed_name_and_enter_sign_the_pad_as_ink(qtbot, pad: SignaturePad) -> None:
    from consent_app.domain.validation import validate_signature

    QTest.keyClicks(pad, "Maria Lopez")
    assert pad.is_empty()  # typing alone is not signing
    with qtbot.waitSignal(pad.changed):
        QTest.keyClick(pad, Qt.Key.Key_Return)
    assert not pad.is_empty()
    assert pad.was_typed()
    width, height = pad.canvas_size()
    assert validate_signature(pad.strokes(), width, height) == []
    xs = [x for stroke in pad.strokes() for x, _y, _p in stroke]
    ys = [y for stroke in pad.strokes() for _x, y, _p in stroke]
    assert 0 <= min(xs) < max(xs) <= width  # on the pad, on the line
    assert max(ys) <= height


def test_backspace_takes_a_letter_back_and_enter_with_nothing_typed_does_nothing(
    pad: SignaturePad,
) -> None:
    QTest.keyClick(pad, Qt.Key.Key_Return)
    assert pad.is_empty()
    QTest.keyClicks(pad, "Ann")
    for _ in range(3):
        QTest.keyClick(pad, Qt.Key.Key_Backspace)
    QTest.keyClick(pad, Qt.Key.Key_Return)
    assert pad.is_empty()


def test_a_long_name_is_made_smaller_to_fit_the_pad(pad: SignaturePad) -> None:
    pad.sign_typed("Maria de los Angeles Fernandez-Villaverde y Castellanos")
    xs = [x for stroke in pad.strokes() for x, _y, _p in stroke]
    assert max(xs) <= pad.width()


def test_drawing_replaces_a_typed_signature_and_typing_replaces_a_drawn_one(
    qtbot, pad: SignaturePad
) -> None:
    pad.sign_typed("Maria Lopez")
    typed = pad.strokes()
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    QTest.mouseMove(pad, QPoint(300, 150))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 150))
    assert not pad.was_typed()
    assert len(pad.strokes()) == 1
    assert pad.strokes() != typed
    pad.sign_typed("Maria Lopez")
    assert pad.was_typed()
    assert pad.strokes() == typed


def test_a_saved_typed_signature_comes_back_typed_and_clear_forgets(pad: SignaturePad) -> None:
    pad.sign_typed("Maria Lopez")
    saved = pad.strokes()
    pad.clear()
    assert not pad.was_typed()
    pad.set_strokes(saved, typed=True)
    assert pad.was_typed()
    pad.set_strokes(saved)
    assert not pad.was_typed()
