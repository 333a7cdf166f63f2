"""The loss chart as a user meets it: all data kept, few points drawn, controls that work."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt

from fine_tune_studio.core.metrics import Metric, MetricPoint, parse_result_csv
from fine_tune_studio.ui.jobs.chart import SMOOTHED, LossChart, plot_of


def noisy_run(n: int, total: int | None = None) -> list[MetricPoint]:
    rng = np.random.default_rng(1)
    return [
        MetricPoint(
            step,
            {
                Metric.TRAIN_LOSS: float(2.0 * np.exp(-step / 500) + 0.3 + rng.normal(0, 0.2)),
                Metric.TRAIN_ACCURACY: 0.5,
                **({Metric.VALID_LOSS: 1.0 + 1 / step} if step % 10 == 0 else {}),
            },
            total_steps=total or n,
        )
        for step in range(1, n + 1)
    ]


@pytest.fixture
def chart(qtbot: Any) -> LossChart:
    widget = LossChart()
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    return widget


def test_live_batches_keep_every_point_but_draw_about_a_thousand(chart: LossChart) -> None:
    chart.set_job("a", "job A", n_epochs=4)
    points = noisy_run(5000)
    points[4321] = MetricPoint(4322, {Metric.TRAIN_LOSS: 42.0}, total_steps=5000)  # a spike
    for start in range(0, len(points), 100):
        chart.add_points("a", points[start : start + 100])
    assert chart.metrics("a").count(Metric.TRAIN_LOSS) == 5000
    x, y = chart.drawn("a", Metric.TRAIN_LOSS.value)
    assert len(x) <= 1002
    assert 42.0 in y.tolist()  # decimation never hides a spike
    assert chart.metrics("a").count(Metric.VALID_LOSS) == 500


def test_smoothing_control_changes_the_bold_line_only(chart: LossChart) -> None:
    chart.set_job("a", "job A")
    chart.add_points("a", noisy_run(300))
    raw_before = chart.drawn("a", Metric.TRAIN_LOSS.value)[1].copy()
    chart.smoothing.setValue(0)
    assert np.allclose(chart.drawn("a", SMOOTHED)[1], raw_before)
    chart.smoothing.setValue(95)
    smooth = chart.drawn("a", SMOOTHED)[1]
    assert np.std(np.diff(smooth)) < np.std(np.diff(raw_before)) / 3
    assert np.array_equal(chart.drawn("a", Metric.TRAIN_LOSS.value)[1], raw_before)
    assert chart.smoothing_value.text() == "0.95"


def test_epoch_axis_and_log_scale(chart: LossChart) -> None:
    chart.set_job("a", "job A", n_epochs=3)
    chart.add_points("a", noisy_run(300))
    chart.x_axis.setCurrentIndex(chart.x_axis.findData("epoch"))
    x, _ = chart.drawn("a", Metric.TRAIN_LOSS.value)
    assert x[0] == pytest.approx(1 / 100) and x[-1] == pytest.approx(3.0)
    assert chart.accuracy_plot.getAxis("bottom").labelText == "epoch"
    chart.log_scale.setChecked(True)
    assert chart.loss_plot.ctrl.logYCheck.isChecked()
    chart.x_axis.setCurrentIndex(chart.x_axis.findData("step"))
    assert chart.drawn("a", Metric.TRAIN_LOSS.value)[0][-1] == 300


def test_hover_text_gives_exact_values_of_every_overlaid_job(chart: LossChart) -> None:
    chart.set_job("a", "job A")
    chart.set_job("b", "job B")
    chart.add_points("a", [MetricPoint(10, {Metric.TRAIN_LOSS: 1.23456, Metric.VALID_LOSS: 2.5})])
    chart.add_points("b", parse_result_csv("step,train_loss,train_accuracy\n10,0.5,0.75\n"))
    text = chart.values_at(10.2)
    assert "job A: step 10" in text and "train loss 1.2346" in text
    assert "validation loss 2.5000" in text
    assert "job B: step 10" in text and "train token accuracy 0.7500" in text
    assert chart.hover_label.text() == text
    chart.remove_job("a")
    assert chart.job_keys() == ["b"]
    assert "job A" not in chart.values_at(10)


def _contains(outer: tuple[float, float], inner: tuple[float, float]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def test_view_holds_all_data_and_stays_put_while_a_live_run_grows(chart: LossChart) -> None:
    chart.set_job("a", "job A")
    points = noisy_run(2000)
    chart.add_points("a", points[:100])
    x_view, loss_view, _ = chart.view_ranges()
    # The run's length is known (total_steps), so the x axis spans the whole run at once.
    assert x_view[0] <= 0 and x_view[1] >= 2000
    changes = 0
    for start in range(100, 2000, 50):
        chart.add_points("a", points[start : start + 50])
        now = chart.view_ranges()
        changes += now[1] != loss_view
        loss_view = now[1]
        _, y = chart.drawn("a", Metric.TRAIN_LOSS.value)
        assert _contains(loss_view, (float(y.min()), float(y.max())))
    assert changes <= 5  # the axes jump to round numbers, not every batch
    assert chart.view_ranges()[0] == x_view


def test_zooming_stops_following_and_fit_brings_it_back(chart: LossChart, qtbot: Any) -> None:
    chart.set_job("a", "job A")
    points = noisy_run(400)
    chart.add_points("a", points[:200])
    assert chart.following and not chart.fit_button.isEnabled()
    view_box = chart.loss_plot.getViewBox()
    view_box.scaleBy((0.5, 0.5))
    view_box.sigRangeChangedManually.emit([True, True])  # what a wheel or a drag emits
    zoomed = chart.view_ranges()
    assert not chart.following and chart.fit_button.isEnabled()
    chart.add_points("a", [MetricPoint(201, {Metric.TRAIN_LOSS: 50.0}, total_steps=400)])
    assert chart.view_ranges() == zoomed  # the user's view is theirs
    qtbot.mouseClick(chart.fit_button, Qt.MouseButton.LeftButton)
    assert chart.following and not chart.fit_button.isEnabled()
    assert chart.view_ranges()[1][1] >= 50.0


def test_log_scale_view_is_in_decades(chart: LossChart) -> None:
    chart.set_job("a", "job A")
    chart.add_points("a", [MetricPoint(1, {Metric.TRAIN_LOSS: 100.0}, total_steps=10)])
    chart.add_points("a", [MetricPoint(2, {Metric.TRAIN_LOSS: 0.01}, total_steps=10)])
    chart.log_scale.setChecked(True)
    _, (low, high), _ = chart.view_ranges()
    assert low <= -2 and high >= 2 and high - low < 8


def test_legend_names_only_drawn_lines_and_each_job_when_overlaid(chart: LossChart) -> None:
    chart.set_job("a", "job <A>")
    assert chart.legend.text() == ""
    chart.add_points("a", [MetricPoint(1, {Metric.TRAIN_LOSS: 1.0}, total_steps=10)])
    text = chart.legend.text()
    assert "train loss" in text and "validation loss" not in text
    chart.set_job("b", "job B")
    chart.add_points("b", [MetricPoint(1, {Metric.VALID_LOSS: 1.0}, total_steps=10)])
    text = chart.legend.text()
    assert "job &lt;A&gt;" in text and "job B" in text and "validation loss" in text
    chart.show_raw.setChecked(False)
    assert "train loss</" not in chart.legend.text().replace("&nbsp;", " ")


def test_hint_under_the_chart_follows_the_language(chart: LossChart) -> None:
    from fine_tune_studio.ui.i18n import LanguageSwitcher

    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        assert chart.hover_label.text() != "Point at the chart to read exact values."
        assert not chart.hover_label.text().isascii()
        assert chart.fit_button.text() == "顯示全部"
    finally:
        switcher.apply("en")
    assert chart.hover_label.text() == "Point at the chart to read exact values."



def test_a_long_legend_wraps_instead_of_widening_the_chart(chart: LossChart) -> None:
    every_metric = [MetricPoint(step, {metric: 0.5 for metric in Metric}, total_steps=10)
                    for step in range(1, 11)]
    for key in ("a", "b", "c"):
        chart.set_job(key, f"ft:airport-{key}", n_epochs=2)
        chart.add_points(key, every_metric)
    # On one line this legend is ~900 px wide; wrapped, the chart still fits a small window.
    assert chart.minimumSizeHint().width() < 640


def test_every_series_has_its_own_colour_blind_safe_colour_and_smoothed_is_dashed(
    chart: LossChart, qtbot: Any
) -> None:
    from fine_tune_studio.ui.jobs.chart import OKABE_ITO

    every_metric = [MetricPoint(step, {m: 1.0 / step for m in Metric}, total_steps=20)
                    for step in range(1, 21)]
    chart.set_job("a", "airport")
    chart.add_points("a", every_metric)
    curves = chart._traces["a"].curves
    drawn = {line: curve.opts["pen"] for line, curve in curves.items()
             if line != Metric.TRAIN_LOSS.value}  # the raw line: a pale tint of smoothed
    colours = [pen.color().name().upper() for pen in drawn.values()]
    # On each plot every series has its own colour (the smoothed loss ≠ the token
    # accuracy); across the chart colour and style together tell every series apart.
    for plot in ("loss", "accuracy", "margin"):
        on_plot = [c for line, c in zip(drawn, colours, strict=True) if plot_of(line) == plot]
        assert len(set(on_plot)) == len(on_plot), plot
    looks = {(pen.color().name(), pen.style()) for pen in drawn.values()}
    assert len(looks) == len(drawn)
    assert set(colours) <= set(OKABE_ITO)
    assert drawn[SMOOTHED].style() == Qt.PenStyle.DashLine
    assert drawn[Metric.TRAIN_ACCURACY.value].style() == Qt.PenStyle.SolidLine
    chart.resize(900, 600)
    chart.show()
    qtbot.wait(50)
    chart.grab().save("/tmp/shots/ux-jobs/chart-one-job.png")

    # Overlaid jobs: a colour per job; the style still tells the series apart.
    chart.set_job("b", "airport-v2")
    chart.add_points("b", every_metric)
    a, b = (chart._traces[k].curves[SMOOTHED].opts["pen"] for k in ("a", "b"))
    assert a.color() != b.color() and a.style() == b.style() == Qt.PenStyle.DashLine
    chart.remove_job("b")  # one job again: its own colours per series
    assert chart._traces["a"].curves[SMOOTHED].opts["pen"].color().name().upper() \
        != chart._traces["a"].curves[Metric.TRAIN_ACCURACY.value].opts["pen"].color() \
        .name().upper()


def dpo_run(n: int) -> list[MetricPoint]:
    """What a preference (DPO) job reports: its loss, TRL's token accuracy, and how often
    (reward accuracy) and by how much (reward margin) the preferred reply wins."""
    return [
        MetricPoint(step, {
            Metric.TRAIN_LOSS: 0.69 * float(np.exp(-step / 30)) + 0.1,
            Metric.TRAIN_ACCURACY: 0.40 + 0.002 * step,
            Metric.TRAIN_REWARD_ACCURACY: min(1.0, 0.5 + 0.01 * step),
            Metric.TRAIN_REWARD_MARGIN: 0.05 * step,
        }, total_steps=n)
        for step in range(1, n + 1)
    ]


def test_a_dpo_job_charts_reward_accuracy_and_margin_in_both_languages(
    chart: LossChart, qtbot: Any
) -> None:
    from pathlib import Path

    from fine_tune_studio.ui.i18n import LanguageSwitcher
    from fine_tune_studio.ui.jobs.chart import OKABE_ITO

    # A supervised job: two plots, the lower one is token accuracy.
    chart.set_job("sft", "airport")
    chart.add_points("sft", noisy_run(40))
    assert not chart.margin_shown
    assert chart.axis_title("accuracy") == "token accuracy"
    assert chart.bottom_axis_plot() == "accuracy"
    chart.remove_job("sft")

    chart.set_job("dpo", "airport-prefs", n_epochs=2)
    chart.add_points("dpo", dpo_run(60))
    metrics = chart.metrics("dpo")
    assert metrics.count(Metric.TRAIN_REWARD_ACCURACY) == 60
    assert metrics.count(Metric.TRAIN_REWARD_MARGIN) == 60
    # Reward accuracy on the accuracy plot (0–1), the margin on a plot of its own, which
    # now carries the x axis.
    x, y = chart.drawn("dpo", Metric.TRAIN_REWARD_ACCURACY.value)
    assert len(x) == 60 and y[-1] == 1.0
    assert plot_of(Metric.TRAIN_REWARD_ACCURACY.value) == "accuracy"
    assert plot_of(Metric.TRAIN_REWARD_MARGIN.value) == "margin"
    assert chart.margin_shown and chart.bottom_axis_plot() == "margin"
    assert chart.axis_title("accuracy") == "accuracy"
    assert chart.axis_title("margin") == "margin"
    margin_view = chart.margin_plot.viewRange()[1]
    assert margin_view[0] <= 0.05 and margin_view[1] >= 3.0  # the whole margin is in view
    legend = chart.legend.text()
    assert "reward accuracy (preferred answer wins)" in legend and "reward margin" in legend
    curves = chart._traces["dpo"].curves
    colours = {line: curves[line].opts["pen"].color().name().upper()
               for line in (Metric.TRAIN_REWARD_ACCURACY.value, Metric.TRAIN_REWARD_MARGIN.value,
                            Metric.TRAIN_ACCURACY.value)}
    assert set(colours.values()) <= set(OKABE_ITO) and len(set(colours.values())) == 3
    assert "reward margin 1.5000" in chart.values_at(30)

    shots = Path("/tmp/shots/dpo")
    shots.mkdir(parents=True, exist_ok=True)
    chart.resize(900, 600)
    qtbot.wait(50)
    chart.grab().save(str(shots / "chart-dpo-en.png"))
    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        assert chart.axis_title("accuracy") == "準確率"
        assert chart.axis_title("margin") == "差距"
        assert "獎勵差距" in chart.legend.text()
        assert "偏好的回答勝出" in chart.legend.text()
        qtbot.wait(50)
        chart.grab().save(str(shots / "chart-dpo-zh_TW.png"))
    finally:
        switcher.apply("en")

    # Overlaid with another DPO job, the reward accuracy keeps a style of its own beside
    # the token accuracy (the colour is then the job's).
    chart.set_job("dpo2", "airport-prefs-v2")
    chart.add_points("dpo2", dpo_run(60))
    pens = chart._traces["dpo"].curves
    assert pens[Metric.TRAIN_REWARD_ACCURACY.value].opts["pen"].style() \
        != pens[Metric.TRAIN_ACCURACY.value].opts["pen"].style()
    # Without a job that reports a margin the plot goes again.
    chart.remove_job("dpo")
    chart.remove_job("dpo2")
    assert not chart.margin_shown and chart.bottom_axis_plot() == "accuracy"
    assert chart.axis_title("accuracy") == "token accuracy"


def test_a_hidden_chart_keeps_its_data_and_draws_it_when_first_shown(qtbot: Any) -> None:
    """pyqtgraph's plots are made on first show (docs/packaging.md, "Start-up time"); what
    was fed before is then drawn as if the chart had been there all along."""
    hidden = LossChart()
    qtbot.addWidget(hidden)
    hidden.set_job("a", "job A", n_epochs=2)
    hidden.add_points("a", noisy_run(3000))
    hidden.log_scale.setChecked(True)
    hidden.x_axis.setCurrentIndex(hidden.x_axis.findData("epoch"))
    assert not hidden.plots_built
    assert hidden.metrics("a").count(Metric.TRAIN_LOSS) == 3000
    assert "train loss" in hidden.legend.text()  # the legend does not wait for the plots
    hidden.resize(900, 500)
    hidden.show()
    assert hidden.plots_built
    x, _ = hidden.drawn("a", Metric.TRAIN_LOSS.value)
    assert len(x) <= 1002 and x[-1] == pytest.approx(2.0)  # decimated, in epochs
    assert hidden.loss_plot.ctrl.logYCheck.isChecked()
    assert hidden.accuracy_plot.getAxis("bottom").labelText == "epoch"
    x_view, (low, high), _ = hidden.view_ranges()
    assert x_view[1] >= 2.0 and high - low < 8  # followed the data, in decades
    drawn_log = hidden.drawn("a", SMOOTHED)[1][-1]  # a log plot hands out log10(y)
    assert 10 ** drawn_log == pytest.approx(hidden.smoothed("a")[-1])


def test_without_a_margin_plot_the_two_plots_take_the_whole_height(
    chart: LossChart, qtbot: Any
) -> None:
    """The margin plot's row keeps no share of the height while it is empty (seen: a
    blank band under the x axis of every supervised job)."""
    chart.resize(860, 330)
    chart.set_job("a", "airport")
    chart.add_points("a", noisy_run(200))
    qtbot.wait(20)
    bottom = chart.accuracy_plot.sceneBoundingRect().bottom()
    height = chart.accuracy_plot.getViewWidget().height()
    assert bottom > 0.9 * height
    chart.set_job("b", "airport-prefs")
    chart.add_points("b", dpo_run(30))
    assert chart.margin_shown
    chart.remove_job("b")
    qtbot.wait(20)
    assert chart.accuracy_plot.sceneBoundingRect().bottom() > 0.9 * height
