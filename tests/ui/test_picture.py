"""A still picture is drawn once per look, then copied; it looks as if painted directly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPixmap

from consent_app.ui.spine_diagram import SpineDiagram


def _counting(monkeypatch) -> list[int]:
    drawn: list[int] = []
    draw = SpineDiagram.draw

    def counted(self, painter):
        drawn.append(1)
        draw(self, painter)

    monkeypatch.setattr(SpineDiagram, "draw", counted)
    return drawn


def test_a_picture_is_drawn_once_for_repeated_paints(qtbot, monkeypatch) -> None:
    drawn = _counting(monkeypatch)
    diagram = SpineDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(300, 500)
    diagram.grab()
    diagram.grab()
    diagram.repaint()
    assert len(drawn) == 1


def test_new_levels_a_new_size_or_a_new_font_draw_it_again(qtbot, monkeypatch) -> None:
    drawn = _counting(monkeypatch)
    diagram = SpineDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(300, 500)
    diagram.grab()
    diagram.set_levels(["L1"])
    diagram.grab()
    diagram.resize(320, 500)
    diagram.grab()
    font = diagram.font()
    font.setPointSize(font.pointSize() + 6)
    diagram.setFont(font)
    diagram.grab()
    assert len(drawn) == 4


def test_the_copy_is_what_a_direct_paint_would_show(qtbot) -> None:
    diagram = SpineDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(300, 500)
    diagram.set_levels(["T12", "L1"])
    shown = diagram.grab().toImage()
    direct = QPixmap(diagram.size())
    direct.fill(Qt.GlobalColor.transparent)
    painter = QPainter(direct)
    diagram.draw(painter)
    painter.end()
    painted = direct.toImage()
    compared = 0
    for x in range(0, 300, 7):
        for y in range(0, 500, 7):
            colour = painted.pixelColor(x, y)
            if colour.alpha() == 255:  # the picture itself, not the widget's ground around it
                assert shown.pixelColor(x, y) == colour, (x, y)
                compared += 1
    assert compared > 1000
