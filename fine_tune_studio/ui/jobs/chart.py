"""Loss and accuracy charts for one or several jobs, fed live or from a result file.

Every point is kept (in `core.metrics.JobMetrics`); what is drawn is a min/max decimation
to at most `max_drawn_points` per line, so a 20,000-step job redraws as fast as a
200-step one and no spike is lost.

Three plots share the x axis: loss; accuracy (token accuracy, and for a preference (DPO)
job how often the preferred reply scores higher: the reward accuracy); and, only while a
shown job reports one, the reward margin (by how much it scores higher, in reward units,
unbounded, hence a plot of its own rather than a second axis on the 0–1 accuracy plot).

pyqtgraph (and with it numpy, ~0.3 s) is imported when the plots are first needed: the
chart is shown, or a caller asks for its plots or drawn data. Until then jobs and points
are kept, the controls and the legend work, and nothing is drawn (docs/packaging.md,
"Start-up time").
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.chart_range import Span, grown_x_range, grown_y_range
from fine_tune_studio.core.metrics import (
    EmaState,
    JobMetrics,
    Metric,
    MetricPoint,
    decimate_min_max,
    step_to_epoch,
    steps_per_epoch,
)
from fine_tune_studio.ui.widgets import Retranslating

if TYPE_CHECKING:
    import pyqtgraph as pg

    from fine_tune_studio.core.metrics import FloatArray

# Okabe & Ito's palette, told apart with every common colour-vision deficiency (its
# yellow is left out: too faint on white). One job: a colour per series. Several jobs
# overlaid: a colour per job, and the line style tells the series apart.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
_JOB_COLOURS = OKABE_ITO

LOSS_METRICS = (Metric.TRAIN_LOSS, Metric.VALID_LOSS, Metric.FULL_VALID_LOSS)
ACCURACY_METRICS = (Metric.TRAIN_ACCURACY, Metric.VALID_ACCURACY, Metric.FULL_VALID_ACCURACY,
                    Metric.TRAIN_REWARD_ACCURACY)
MARGIN_METRICS = (Metric.TRAIN_REWARD_MARGIN,)
SMOOTHED = "train_loss_smoothed"  # the EMA line's key beside the Metric keys
_ACCURACY_LINES = frozenset(m.value for m in ACCURACY_METRICS)
_MARGIN_LINES = frozenset(m.value for m in MARGIN_METRICS)
# Every line of one job, in the order the legend names them.
_LINES = (Metric.TRAIN_LOSS.value, SMOOTHED, Metric.VALID_LOSS.value,
          Metric.FULL_VALID_LOSS.value, Metric.TRAIN_REWARD_ACCURACY.value,
          Metric.TRAIN_ACCURACY.value, Metric.VALID_ACCURACY.value,
          Metric.FULL_VALID_ACCURACY.value, Metric.TRAIN_REWARD_MARGIN.value)


def plot_of(line: str) -> str:
    """Which plot draws `line`: "loss", "accuracy" or "margin"."""
    if line in _ACCURACY_LINES:
        return "accuracy"
    if line in _MARGIN_LINES:
        return "margin"
    return "loss"

# Each series' colour when one job is shown (the raw train loss: a pale tint of its
# smoothed line's colour).
SERIES_COLOURS = {
    Metric.TRAIN_LOSS.value: OKABE_ITO[0],
    SMOOTHED: OKABE_ITO[0],
    Metric.VALID_LOSS.value: OKABE_ITO[1],
    Metric.FULL_VALID_LOSS.value: OKABE_ITO[3],
    Metric.TRAIN_ACCURACY.value: OKABE_ITO[2],
    Metric.VALID_ACCURACY.value: OKABE_ITO[4],
    Metric.FULL_VALID_ACCURACY.value: OKABE_ITO[5],
    # Preference (DPO) jobs: black, the boldest, for what tells whether DPO works; the
    # margin is alone on its plot and solid, so sharing a colour with the (dotted, end
    # of training) full validation loss confuses no one.
    Metric.TRAIN_REWARD_ACCURACY.value: OKABE_ITO[6],
    Metric.TRAIN_REWARD_MARGIN.value: OKABE_ITO[3],
}
# Each series' line style: a smoothed line is dashed (it is drawn from the raw one), a
# validation line dash-dotted, a full validation dotted with dots; the rest solid.
SERIES_STYLES = {
    SMOOTHED: Qt.PenStyle.DashLine,
    Metric.VALID_LOSS.value: Qt.PenStyle.DashDotLine,
    Metric.VALID_ACCURACY.value: Qt.PenStyle.DashDotLine,
    Metric.FULL_VALID_LOSS.value: Qt.PenStyle.DotLine,
    Metric.FULL_VALID_ACCURACY.value: Qt.PenStyle.DotLine,
}
# Text samples of those styles for the legend.
_STYLE_SAMPLES = {
    Qt.PenStyle.SolidLine: "━━",
    Qt.PenStyle.DashLine: "╍╍",
    Qt.PenStyle.DashDotLine: "━╍━",
    Qt.PenStyle.DotLine: "┈●┈",
    Qt.PenStyle.DashDotDotLine: "━╍╍━",
}
# With several jobs overlaid a line's colour is its job's; the reward accuracy then needs
# a style of its own beside the (solid) token accuracy on the same plot.
_STYLES_WHEN_SEVERAL = {Metric.TRAIN_REWARD_ACCURACY.value: Qt.PenStyle.DashDotDotLine}


def _tint(colour: QColor, amount: float) -> QColor:
    """`colour` mixed with white (amount 0 = unchanged, 1 = white)."""
    return QColor(
        int(colour.red() + (255 - colour.red()) * amount),
        int(colour.green() + (255 - colour.green()) * amount),
        int(colour.blue() + (255 - colour.blue()) * amount),
    )


def _empty() -> FloatArray:
    import numpy as np

    return np.empty(0)


@dataclass
class _Trace:
    label: str
    colour: QColor
    n_epochs: int | None = None
    metrics: JobMetrics = field(default_factory=JobMetrics)
    ema_state: EmaState | None = None
    smoothed: FloatArray = field(default_factory=_empty)
    curves: dict[str, pg.PlotDataItem] = field(default_factory=dict)

    def per_epoch(self) -> float | None:
        return steps_per_epoch(self.metrics.total_steps, self.n_epochs)


class LossChart(Retranslating, QWidget):
    """Train loss (raw + EMA), validation losses and token accuracy, per job."""

    hovered = Signal(str)  # the text shown under the chart for the point under the mouse

    def __init__(self, parent: QWidget | None = None, *, max_drawn_points: int = 1000) -> None:
        super().__init__(parent)
        self.max_drawn_points = max_drawn_points
        self._traces: dict[str, _Trace] = {}
        self._x_is_epoch = False
        # The chart follows the data (see core.chart_range) until the user zooms or pans.
        self._following = True
        self._x_span: Span | None = None
        self._y_spans: dict[str, Span | None] = {"loss": None, "accuracy": None, "margin": None}

        # Built by _build_plots the first time they are needed (see the module's doc).
        self._plots: pg.GraphicsLayoutWidget | None = None
        self._loss_plot: pg.PlotItem | None = None
        self._accuracy_plot: pg.PlotItem | None = None
        self._margin_plot: pg.PlotItem | None = None
        self._plots_place = QWidget()  # where the plots go in the layout until then

        self.smoothing_label = QLabel()
        self.smoothing = QSlider(Qt.Orientation.Horizontal)
        self.smoothing.setRange(0, 99)
        self.smoothing.setValue(60)
        self.smoothing.setMaximumWidth(180)
        self.smoothing_value = QLabel()
        self.x_axis_label = QLabel()
        self.x_axis = QComboBox()
        self.x_axis.addItem("", "step")
        self.x_axis.addItem("", "epoch")
        self.log_scale = QCheckBox()
        self.fit_button = QToolButton()
        self.fit_button.setEnabled(False)
        self.fit_button.clicked.connect(self.fit_to_data)
        self.show_raw = QCheckBox()
        self.show_raw.setChecked(True)
        # The legend lives outside the plots: it never hides a curve, and a line joining it
        # costs a label update instead of a re-layout of the plot scene.
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        # Wrapped between entries, so a long legend never forces the chart wider than the
        # window (it did, to ~920 px, with two jobs in Chinese).
        self.legend.setWordWrap(True)
        # One line reserved up front: the first entries then don't resize the plots.
        self.legend.setMinimumHeight(self.legend.fontMetrics().height())
        self.hover_label = QLabel()
        self._showing_hint = True  # the label shows the hint, not values (retranslate it)
        self.hover_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hover_label.setWordWrap(True)

        controls = QHBoxLayout()
        controls.addWidget(self.smoothing_label)
        controls.addWidget(self.smoothing)
        controls.addWidget(self.smoothing_value)
        controls.addSpacing(12)
        controls.addWidget(self.show_raw)
        controls.addSpacing(12)
        controls.addWidget(self.x_axis_label)
        controls.addWidget(self.x_axis)
        controls.addSpacing(12)
        controls.addWidget(self.log_scale)
        controls.addSpacing(12)
        controls.addWidget(self.fit_button)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.legend)
        layout.addWidget(self._plots_place, 1)
        layout.addWidget(self.hover_label)

        self.smoothing.valueChanged.connect(self._on_smoothing_changed)
        self.x_axis.currentIndexChanged.connect(self._on_x_axis_changed)
        self.log_scale.toggled.connect(self._on_log_toggled)
        self.show_raw.toggled.connect(self._on_show_raw)
        self.retranslate_ui()

    # ----- the plots, built when first needed ---------------------------------------

    @property
    def plots_built(self) -> bool:
        """Whether pyqtgraph's plots exist yet (they are made on first show or use)."""
        return self._plots is not None

    @property
    def loss_plot(self) -> pg.PlotItem:
        self._build_plots()
        assert self._loss_plot is not None
        return self._loss_plot

    @property
    def accuracy_plot(self) -> pg.PlotItem:
        self._build_plots()
        assert self._accuracy_plot is not None
        return self._accuracy_plot

    @property
    def margin_plot(self) -> pg.PlotItem:
        self._build_plots()
        assert self._margin_plot is not None
        return self._margin_plot

    def showEvent(self, event: QShowEvent) -> None:
        self._build_plots()
        super().showEvent(event)

    def _build_plots(self) -> None:
        """Import pyqtgraph, make the plots and draw every job fed so far."""
        if self._plots is not None:
            return
        import pyqtgraph as pg

        from fine_tune_studio.core.metrics import warm_up
        from fine_tune_studio.ui.jobs import chart_plots

        warm_up()
        pg.setConfigOptions(antialias=False, background="w", foreground="#333")
        self._plots = plots = pg.GraphicsLayoutWidget()
        self._loss_plot = loss_plot = plots.addPlot(row=0, col=0, axisItems=chart_plots.axes())
        self._accuracy_plot = accuracy_plot = plots.addPlot(
            row=1, col=0, axisItems=chart_plots.axes()
        )
        accuracy_plot.setXLink(loss_plot)
        # In the layout only while a shown job reports a reward margin (`_place_margin_plot`).
        self._margin_plot = margin_plot = pg.PlotItem(axisItems=chart_plots.axes())
        margin_plot.setXLink(loss_plot)
        # The plots share x; one axis under the lowest plot is enough and a redraw cheaper.
        loss_plot.hideAxis("bottom")
        plots.ci.layout.setRowStretchFactor(0, 3)
        plots.ci.layout.setRowStretchFactor(1, 2)
        for plot in (loss_plot, accuracy_plot, margin_plot):
            plot.showGrid(x=False, y=False)
            # A fixed width: tick labels growing from "1" to "0.25" would otherwise re-lay
            # out the whole chart in the middle of a live update.
            plot.getAxis("left").setWidth(56)
            # Plain numbers: an accuracy of 0.25 read as "250 (x0.001)" helps no one.
            plot.getAxis("left").enableAutoSIPrefix(False)
            plot.setMenuEnabled(False)
            # pyqtgraph's auto-range re-fits every frame; we choose the view ourselves.
            plot.disableAutoRange()
            plot.hideButtons()
            plot.getViewBox().sigRangeChangedManually.connect(self._on_view_moved_by_user)
        self._cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#888", style=Qt.PenStyle.DotLine))
        self._cursor.setVisible(False)
        loss_plot.addItem(self._cursor, ignoreBounds=True)
        self._mouse_proxy = pg.SignalProxy(
            plots.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse_moved
        )
        layout = self.layout()
        assert layout is not None
        layout.replaceWidget(self._plots_place, plots)
        self._plots_place.deleteLater()
        loss_plot.setLogMode(x=False, y=self.log_scale.isChecked())
        self._update_axis_titles()
        for trace in self._traces.values():
            self._make_curves(trace)
            self._redraw(trace)
        self._place_margin_plot()
        self._follow(reset=True)

    # ----- public API -------------------------------------------------------------

    def set_job(self, key: str, label: str, *, n_epochs: int | None = None) -> None:
        """Add a job to the chart (or relabel it); overlaying several is comparing them."""
        trace = self._traces.get(key)
        if trace is None:
            colour = QColor(_JOB_COLOURS[len(self._traces) % len(_JOB_COLOURS)])
            trace = _Trace(label=label, colour=colour, n_epochs=n_epochs)
            self._traces[key] = trace
            self._make_curves(trace)  # restyles all: one job's colours differ from several
        else:
            relabel = trace.label != label
            trace.label = label
            if n_epochs and n_epochs != trace.n_epochs:
                trace.n_epochs = n_epochs
                self._redraw(trace)
                self._follow(reset=True)
            if relabel:
                self._rebuild_legends()

    def remove_job(self, key: str) -> None:
        trace = self._traces.pop(key, None)
        if trace is None:
            return
        if self._plots is not None:
            for curve in trace.curves.values():
                for plot in self._all_plots():  # each is a no-op on the plot not holding it
                    plot.removeItem(curve)
            self._place_margin_plot()
            self._update_axis_titles()
        self._restyle()
        self._follow(reset=True)

    def clear(self) -> None:
        for key in list(self._traces):
            self.remove_job(key)
        self._show_hint()

    def job_keys(self) -> list[str]:
        return list(self._traces)

    def metrics(self, key: str) -> JobMetrics:
        return self._traces[key].metrics

    def add_points(self, key: str, points: Iterable[MetricPoint]) -> None:
        """Feed points (live events or a result file) and redraw what changed."""
        trace = self._traces.get(key)
        if trace is None:
            raise KeyError(key)
        metrics = trace.metrics
        before = metrics.count(Metric.TRAIN_LOSS)
        changed = metrics.add(points)
        if not changed:
            return
        if Metric.TRAIN_LOSS in changed:
            self._update_smoothed(trace, before)
        self._redraw(trace, changed)
        self._follow()

    @property
    def following(self) -> bool:
        """Whether the view tracks new points (False once the user zoomed or panned)."""
        return self._following

    def fit_to_data(self) -> None:
        """Show all the data again and follow new points."""
        self._following = True
        self.fit_button.setEnabled(False)
        self._follow(reset=True)

    def view_ranges(self) -> tuple[Span, Span, Span]:
        """(x, loss y, accuracy y) as shown, in view units (log10 when log scale is on)."""
        (x0, x1), (ly0, ly1) = self.loss_plot.viewRange()
        _, (ay0, ay1) = self.accuracy_plot.viewRange()
        return (x0, x1), (ly0, ly1), (ay0, ay1)

    @property
    def margin_shown(self) -> bool:
        """Whether the reward margin plot is in the chart (a shown job reports a margin)."""
        return self._margin_plot is not None and self._margin_plot.scene() is not None

    def axis_title(self, plot_name: str) -> str:
        """The left axis' title of "loss", "accuracy" or "margin" as shown."""
        plot = {"loss": self.loss_plot, "accuracy": self.accuracy_plot,
                "margin": self.margin_plot}[plot_name]
        return str(plot.getAxis("left").labelText)

    def bottom_axis_plot(self) -> str:
        """Which plot carries the x axis (the lowest one shown)."""
        return "margin" if self.margin_shown else "accuracy"

    def drawn(self, key: str, line: str) -> tuple[FloatArray, FloatArray]:
        """The x/y actually handed to the plot for a line (a Metric value or SMOOTHED)."""
        import numpy as np

        self._build_plots()
        curve = self._traces[key].curves[line]
        x, y = curve.getData()
        if x is None or y is None:
            return np.empty(0), np.empty(0)
        return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)

    def smoothed(self, key: str) -> FloatArray:
        return self._traces[key].smoothed.copy()

    @property
    def smoothing_factor(self) -> float:
        return self.smoothing.value() / 100.0

    def values_at(self, x: float) -> str:
        """Exact values of every job at the data point nearest to x (in the axis' unit)."""
        import numpy as np

        lines = []
        unit_epoch = self._x_is_epoch
        for trace in self._traces.values():
            steps, _ = trace.metrics.series(Metric.TRAIN_LOSS)
            if steps.size == 0:
                for metric in Metric:
                    steps, _ = trace.metrics.series(metric)
                    if steps.size:
                        break
            if steps.size == 0:
                continue
            per_epoch = trace.per_epoch() if unit_epoch else None
            xs = step_to_epoch(steps, per_epoch)
            index = int(np.clip(np.searchsorted(xs, x), 0, xs.size - 1))
            if index > 0 and abs(xs[index - 1] - x) <= abs(xs[index] - x):
                index -= 1
            step = int(steps[index])
            parts = [self.tr("step %1").replace("%1", str(step))]
            if per_epoch:
                parts.append(self.tr("epoch %1").replace("%1", f"{step / per_epoch:.2f}"))
            for metric in Metric:
                value = trace.metrics.value_at(metric, step)
                if value is not None:
                    parts.append(f"{self._metric_name(metric)} {value:.4f}")
            if trace.smoothed.size and trace.metrics.value_at(Metric.TRAIN_LOSS, step) is not None:
                train_steps, _ = trace.metrics.series(Metric.TRAIN_LOSS)
                i = int(np.searchsorted(train_steps, step))
                smoothed_word = self.tr("smoothed")
                parts.append(f"{smoothed_word} {trace.smoothed[i]:.4f}")
            lines.append(f"{trace.label}: " + " · ".join(parts))
        text = "\n".join(lines)
        self._showing_hint = False
        self.hover_label.setText(text)
        self.hovered.emit(text)
        return text

    # ----- drawing ----------------------------------------------------------------

    def _make_curves(self, trace: _Trace) -> None:
        if self._plots is None:
            self._rebuild_legends()
            return
        import pyqtgraph as pg

        plots = {"loss": self.loss_plot, "accuracy": self.accuracy_plot,
                 "margin": self.margin_plot}
        for line in _LINES:
            plot = plots[plot_of(line)]
            style: dict[str, object] = {}
            if SERIES_STYLES.get(line) is Qt.PenStyle.DotLine:
                style = {"symbol": "o", "symbolSize": 7}
            curve = pg.PlotDataItem(**style)
            # We decimate ourselves; pyqtgraph's own pass would only cost time.
            curve.setClipToView(False)
            plot.addItem(curve)
            trace.curves[line] = curve
        trace.curves[Metric.TRAIN_LOSS.value].setVisible(self.show_raw.isChecked())
        self._restyle()

    def series_colour(self, trace: _Trace, line: str) -> QColor:
        """The colour `line` of `trace` is drawn in (one job: the series'; several: the
        job's), the raw train loss as a pale tint of it."""
        one_job = len(self._traces) <= 1
        colour = QColor(SERIES_COLOURS[line]) if one_job else trace.colour
        # An opaque pale tint, not alpha: blending 1,000 segments costs a frame's budget.
        return _tint(colour, 0.7) if line == Metric.TRAIN_LOSS.value else colour

    def series_style(self, line: str) -> Qt.PenStyle:
        """The line style `line` is drawn in (with several jobs, see _STYLES_WHEN_SEVERAL)."""
        if len(self._traces) > 1 and line in _STYLES_WHEN_SEVERAL:
            return _STYLES_WHEN_SEVERAL[line]
        return SERIES_STYLES.get(line, Qt.PenStyle.SolidLine)

    def _restyle(self) -> None:
        """Pens for every drawn line; the colours change between one job and several."""
        if self._plots is not None:  # no curves before the plots are built
            import pyqtgraph as pg

            for trace in self._traces.values():
                for line, curve in trace.curves.items():
                    colour = self.series_colour(trace, line)
                    style = self.series_style(line)
                    # Thin (thick lines take Qt's slow stroker path).
                    curve.setPen(pg.mkPen(colour, width=1, style=style))
                    if style is Qt.PenStyle.DotLine:
                        curve.setSymbolBrush(colour)
                        curve.setSymbolPen(colour)
        self._rebuild_legends()

    def _rebuild_legends(self) -> None:
        """One legend line per job: a sample of each drawn line's style, then its name."""
        rows = []
        for trace in self._traces.values():
            entries = [self._legend_entry(trace, line) for line in _LINES]
            shown = [entry for entry in entries if entry]
            if not shown:
                continue
            prefix = f"<b>{html.escape(trace.label)}</b>: " if len(self._traces) > 1 else ""
            rows.append(prefix + "&nbsp;&nbsp; ".join(shown))
        text = "<br>".join(rows)
        if text != self.legend.text():
            self.legend.setText(text)

    def _legend_entry(self, trace: _Trace, line: str) -> str:
        if line == Metric.TRAIN_LOSS.value and not self.show_raw.isChecked():
            return ""
        # Only lines with data get an entry, so empty series don't clutter the legend (the
        # data, not the curves: the plots may not be built yet).
        metric = Metric.TRAIN_LOSS if line == SMOOTHED else Metric(line)
        if not trace.metrics.count(metric):
            return ""
        if line == SMOOTHED:
            name = self.tr("train loss (smoothed)")
        else:
            name = self._metric_name(Metric(line))
        colour = self.series_colour(trace, line)
        sample = _STYLE_SAMPLES[self.series_style(line)]
        # Lines break between entries, never inside one.
        return (
            f'<span style="white-space:nowrap"><span style="color:{colour.name()}">{sample}'
            f"</span>&nbsp;{html.escape(name)}</span>"
        )

    def _update_smoothed(self, trace: _Trace, count_before: int) -> None:
        _, values = trace.metrics.series(Metric.TRAIN_LOSS)
        appended = len(trace.smoothed) == count_before and values.size >= count_before
        if trace.ema_state is None or not appended:
            self._recompute_smoothed(trace)
            return
        new = values[count_before:]
        # An in-place replacement (same step re-sent) leaves the count unchanged but may
        # change old values; recompute then, it is rare.
        if new.size == 0:
            self._recompute_smoothed(trace)
            return
        import numpy as np

        trace.smoothed = np.concatenate([trace.smoothed, trace.ema_state.extend(new)])

    def _recompute_smoothed(self, trace: _Trace) -> None:
        _, values = trace.metrics.series(Metric.TRAIN_LOSS)
        trace.ema_state = EmaState(self.smoothing_factor)
        trace.smoothed = trace.ema_state.extend(values)

    def _redraw(self, trace: _Trace, changed: set[Metric] | None = None) -> None:
        if self._plots is None:
            self._rebuild_legends()  # the legend names the lines with data, drawn or not
            return
        per_epoch = trace.per_epoch() if self._x_is_epoch else None
        appeared: list[str] = []
        for metric in changed if changed is not None else set(Metric):
            x, y = trace.metrics.series(metric)
            if self._set_curve(trace.curves[metric.value], x, y, per_epoch):
                appeared.append(metric.value)
        if changed is None or Metric.TRAIN_LOSS in changed:
            x, _ = trace.metrics.series(Metric.TRAIN_LOSS)
            if self._set_curve(trace.curves[SMOOTHED], x, trace.smoothed, per_epoch):
                appeared.append(SMOOTHED)
        if appeared:
            if Metric.TRAIN_REWARD_MARGIN.value in appeared:
                self._place_margin_plot()
            if Metric.TRAIN_REWARD_ACCURACY.value in appeared:
                self._update_axis_titles()
            self._rebuild_legends()

    def _has_data(self, line: str) -> bool:
        # The data, not the curves: the plots may not be built yet.
        return any(trace.metrics.count(Metric(line)) for trace in self._traces.values())

    def _all_plots(self) -> tuple[pg.PlotItem, ...]:
        return (self.loss_plot, self.accuracy_plot, self.margin_plot)

    def _place_margin_plot(self) -> None:
        """The margin plot joins the layout (under the accuracy plot, taking over the x
        axis) when a job reports a margin, and leaves when none does."""
        if self._plots is None:
            return  # _build_plots places it
        wanted = self._has_data(Metric.TRAIN_REWARD_MARGIN.value)
        if wanted == self.margin_shown:
            return
        # An empty row with a stretch still takes its share of the height: the stretch
        # comes and goes with the plot.
        if wanted:
            self._plots.addItem(self.margin_plot, row=2, col=0)
            self._plots.ci.layout.setRowStretchFactor(2, 2)
            self.accuracy_plot.hideAxis("bottom")
            self.margin_plot.showAxis("bottom")
        else:
            self._plots.removeItem(self.margin_plot)
            self._plots.ci.layout.setRowStretchFactor(2, 0)
            self.accuracy_plot.showAxis("bottom")
        self._update_axis_titles()

    def _set_curve(
        self, curve: pg.PlotDataItem, x: FloatArray, y: FloatArray, per_epoch: float | None
    ) -> bool:
        """Returns True when the line went from empty to drawn (the legend must grow)."""
        was_empty = curve.xData is None or len(curve.xData) == 0
        if x.size == 0:
            curve.setData([], [])
            return not was_empty
        dx, dy = decimate_min_max(x, y, self.max_drawn_points)
        curve.setData(step_to_epoch(dx, per_epoch), dy)
        return was_empty

    def _redraw_all(self) -> None:
        for trace in self._traces.values():
            self._redraw(trace)
        self._follow(reset=True)

    # ----- what part of the data is shown ------------------------------------------

    def _follow(self, *, reset: bool = False) -> None:
        """Grow the view to hold the data; a no-op on most batches (see core.chart_range)."""
        if not self._following or self._plots is None:
            return
        if reset:
            self._x_span = None
            self._y_spans = {"loss": None, "accuracy": None, "margin": None}
        x_span = grown_x_range(self._x_span, self._last_x(), self._run_end())
        if x_span is not None and x_span != self._x_span:
            self._x_span = x_span
            # The accuracy plot's x is linked to this one.
            self.loss_plot.setXRange(*x_span, padding=0.01)
        for name, plot in (("loss", self.loss_plot), ("accuracy", self.accuracy_plot),
                           ("margin", self.margin_plot)):
            y_span = grown_y_range(
                self._y_spans[name], self._data_y(name), limits=self._y_limits(name)
            )
            if y_span is not None and y_span != self._y_spans[name]:
                self._y_spans[name] = y_span
                # A little room so the end ticks' labels are not cut at the plot's edge.
                plot.setYRange(*y_span, padding=0.03)

    def _run_end(self) -> float | None:
        """Where every overlaid run ends on the x axis, when all of them say so."""
        ends = []
        for trace in self._traces.values():
            if self._x_is_epoch and trace.per_epoch() and trace.n_epochs:
                ends.append(float(trace.n_epochs))
            elif not self._x_is_epoch and trace.metrics.total_steps:
                ends.append(float(trace.metrics.total_steps))
            else:
                return None
        return max(ends) if ends else None

    def _last_x(self) -> float | None:
        lasts = [
            float(curve.xData[-1])
            for trace in self._traces.values()
            for curve in trace.curves.values()
            if curve.xData is not None and len(curve.xData)
        ]
        return max(lasts) if lasts else None

    def _y_limits(self, plot_name: str) -> Span:
        """Where the plotted quantity cannot go: the view pads up to these, not past them."""
        if plot_name == "accuracy":
            return 0.0, 1.0
        if plot_name == "margin":
            return -math.inf, math.inf
        if self.log_scale.isChecked():
            return -math.inf, math.inf
        return 0.0, math.inf

    def _data_y(self, plot_name: str) -> Span | None:
        import numpy as np

        log = plot_name == "loss" and self.log_scale.isChecked()
        lows, highs = [], []
        for trace in self._traces.values():
            for line, curve in trace.curves.items():
                if plot_of(line) != plot_name:
                    continue
                if not curve.isVisible() or curve.yData is None or not len(curve.yData):
                    continue
                y = np.asarray(curve.yData, dtype=np.float64)
                if log:
                    y = np.log10(y[y > 0])
                    if not y.size:
                        continue
                lows.append(float(y.min()))
                highs.append(float(y.max()))
        if not lows:
            return None
        return min(lows), max(highs)

    def _on_view_moved_by_user(self, *_args: object) -> None:
        self._following = False
        self.fit_button.setEnabled(True)

    # ----- controls ---------------------------------------------------------------

    def _on_smoothing_changed(self, value: int) -> None:
        self.smoothing_value.setText(f"{value / 100:.2f}")
        for trace in self._traces.values():
            self._recompute_smoothed(trace)
            x, _ = trace.metrics.series(Metric.TRAIN_LOSS)
            per_epoch = trace.per_epoch() if self._x_is_epoch else None
            curve = trace.curves.get(SMOOTHED)
            if curve is not None:
                self._set_curve(curve, x, trace.smoothed, per_epoch)

    def _on_x_axis_changed(self, _index: int) -> None:
        self._x_is_epoch = self.x_axis.currentData() == "epoch"
        self._update_axis_titles()
        self._redraw_all()

    def _on_log_toggled(self, on: bool) -> None:
        if self._loss_plot is not None:
            self._loss_plot.setLogMode(x=False, y=on)
        self._follow(reset=True)

    def _on_show_raw(self, on: bool) -> None:
        for trace in self._traces.values():
            curve = trace.curves.get(Metric.TRAIN_LOSS.value)
            if curve is not None:
                curve.setVisible(on)
        self._rebuild_legends()
        self._follow(reset=True)

    def _on_mouse_moved(self, event: tuple[QPointF]) -> None:
        position = event[0]
        for plot in self._all_plots():
            if plot.scene() is not None and plot.sceneBoundingRect().contains(position):
                x = plot.getViewBox().mapSceneToView(position).x()
                self._cursor.setPos(x)
                self._cursor.setVisible(True)
                self.values_at(x)
                return
        self._cursor.setVisible(False)

    # ----- language ---------------------------------------------------------------

    def _metric_name(self, metric: Metric) -> str:
        names = {
            Metric.TRAIN_LOSS: self.tr("train loss"),
            Metric.VALID_LOSS: self.tr("validation loss"),
            Metric.FULL_VALID_LOSS: self.tr("full validation loss"),
            Metric.TRAIN_ACCURACY: self.tr("train token accuracy"),
            Metric.VALID_ACCURACY: self.tr("validation token accuracy"),
            Metric.FULL_VALID_ACCURACY: self.tr("full validation token accuracy"),
            Metric.TRAIN_REWARD_ACCURACY: self.tr("reward accuracy (preferred answer wins)"),
            Metric.TRAIN_REWARD_MARGIN: self.tr("reward margin"),
        }
        return names[metric]

    def _show_hint(self) -> None:
        self._showing_hint = True
        self.hover_label.setText(self.tr("Point at the chart to read exact values."))

    def _update_axis_titles(self) -> None:
        if self._plots is None:
            return
        x_title = self.tr("epoch") if self._x_is_epoch else self.tr("step")
        self.loss_plot.setLabel("left", self.tr("loss"))
        # A preference (DPO) job's accuracy plot holds its reward accuracy too.
        if self._has_data(Metric.TRAIN_REWARD_ACCURACY.value):
            self.accuracy_plot.setLabel("left", self.tr("accuracy"))
        else:
            self.accuracy_plot.setLabel("left", self.tr("token accuracy"))
        # Short: a long title does not fit beside a low plot, and the legend names it in
        # full ("reward margin") in the same colour.
        self.margin_plot.setLabel("left", self.tr("margin"))
        bottom = self.margin_plot if self.margin_shown else self.accuracy_plot
        bottom.setLabel("bottom", x_title)

    def retranslate_ui(self) -> None:
        self.smoothing_label.setText(self.tr("Smoothing"))
        self.smoothing_label.setToolTip(
            self.tr("How much the bold line averages out step-to-step noise (0 = none).")
        )
        self.smoothing.setToolTip(self.smoothing_label.toolTip())
        self.smoothing_value.setText(f"{self.smoothing_factor:.2f}")
        self.show_raw.setText(self.tr("Raw train loss"))
        self.x_axis_label.setText(self.tr("X axis"))
        self.x_axis.setItemText(0, self.tr("Step"))
        self.x_axis.setItemText(1, self.tr("Epoch"))
        self.log_scale.setText(self.tr("Log scale"))
        self.fit_button.setText(self.tr("Fit"))
        self.fit_button.setToolTip(
            self.tr(
                "Show all the data and follow new points again. The chart stops following "
                "when you zoom or pan (mouse wheel, drag)."
            )
        )
        if self._showing_hint:
            self._show_hint()
        self._update_axis_titles()
        self._rebuild_legends()
