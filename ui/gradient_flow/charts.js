// Gradient Flow's charts (ui/gradient_flow/charts.py; their data from ui/gradient_flow/figures.py), drawn as SVG with
// the kit (ui/common/svg_chart.js): a Jacobian as a heatmap (batch coupling) and the relative error of every entry of
// the gradient check. Nearly every input of the page changes them, and a changed Plotly figure is a new chart;
// data.kind says which one this is.

// ---- a Jacobian: one cell per (output j, input i), row 1 on top, its diverging color bar on the right ----

const HEATMAP_LEFT = 46; // px left of the square: its short labels (a sample's number, a feature's name), the y title
const HEATMAP_TOP = 4;
const MAX_SIDE = 300; // px: the widest square
const BAR_ROOM = 70; // px right of the square: the gap, the color bar and its labels
const UNDER_SQUARE = 48; // px: the x tick labels and the x title
const SMALLEST_WRITTEN_CELL = 26; // px: a narrower cell shows its value on hover only

function colorBar(svg, scale, x0, top, height) {
  const id = `scale-${Math.random().toString(36).slice(2)}`;
  const gradient = element("linearGradient", { id, x1: 0, x2: 0, y1: 1, y2: 0 });
  for (const stop of scale.stops) gradient.append(element("stop", { offset: stop.at, "stop-color": stop.color }));
  const defs = element("defs", {});
  defs.append(gradient);
  svg.append(defs);
  svg.append(element("rect", { x: x0, y: top, width: 12, height, fill: `url(#${id})`, class: "bar-outline" }));
  for (const tick of scale.ticks) {
    svg.append(element("text", { x: x0 + 17, y: top + (1 - tick.at) * height + 4, class: "tick" }, tick.label));
  }
  svg.append(element("text", { x: x0, y: top + height + 18, class: "tick" }, scale.title));
}

function drawJacobian(svg, data, width) {
  const n = data.labels.length;
  const side = Math.max(Math.min(MAX_SIDE, width - HEATMAP_LEFT - BAR_ROOM), 60);
  const cell = side / n;
  const bottom = HEATMAP_TOP + side;
  svg.setAttribute("height", bottom + UNDER_SQUARE);
  const written = data.text && cell >= SMALLEST_WRITTEN_CELL;
  const fontSize = Math.min(12, cell / 3.1);
  data.fills.forEach((row, j) => {
    row.forEach((fill, i) => {
      const [x, y] = [HEATMAP_LEFT + i * cell, HEATMAP_TOP + j * cell];
      const square = element("rect", { x, y, width: cell, height: cell, fill, class: "cell" });
      square.append(element("title", {}, data.hover[j][i]));
      svg.append(square);
      if (written) {
        const ink = data.darkCells[j][i] ? "on-dark" : "on-light";
        svg.append(element("text", { x: x + cell / 2, y: y + cell / 2 + fontSize / 3, class: `middle value ${ink}`,
          "font-size": fontSize }, minus(data.text[j][i])));
      }
    });
  });
  const every = cell < 18 ? 2 : 1; // on a narrow square every other label
  data.labels.forEach((label, k) => {
    if (k % every) return;
    const centre = (k + 0.5) * cell;
    svg.append(element("text", { x: HEATMAP_LEFT + centre, y: bottom + 16, class: "tick middle" }, label));
    svg.append(element("text", { x: HEATMAP_LEFT - 6, y: HEATMAP_TOP + centre + 4, class: "tick end" }, label));
  });
  svg.append(element("rect", { x: HEATMAP_LEFT, y: HEATMAP_TOP, width: side, height: side, class: "outline" }));
  const bounds = { left: HEATMAP_LEFT, right: HEATMAP_LEFT + side, top: HEATMAP_TOP, bottom };
  axisTitles(svg, bounds, data.xTitle, data.yTitle);
  colorBar(svg, data.scale, HEATMAP_LEFT + side + 14, HEATMAP_TOP, side);
}

// ---- the errors: one mark per entry on a log axis, the pass and fail levels dashed ----

const ERRORS_LEFT = 62; // px left of the plot: the y tick labels (10⁻¹⁶) and the turned y title
const ERRORS_RIGHT = 12;
const ERRORS_TOP = 8;
const ERRORS_HEIGHT = 250;
const ERRORS_BOTTOM = 48;

// An entry's mark: a circle, a diamond or a square, filled or hollow, centred on (x, y).
function mark(series, x, y, ink) {
  const style = series.hollow
    ? { fill: "white", stroke: series.color, "stroke-width": 1.2 }
    : { fill: series.color, stroke: ink, "stroke-width": 0.5 };
  if (series.symbol === "circle") return element("circle", { cx: x, cy: y, r: 4, ...style });
  if (series.symbol === "square") return element("rect", { x: x - 3.5, y: y - 3.5, width: 7, height: 7, ...style });
  return element("path", { d: `M${x},${y - 5}L${x + 5},${y}L${x},${y + 5}L${x - 5},${y}Z`, ...style });
}

function drawErrors(svg, data, width) {
  const plotWidth = width - ERRORS_LEFT - ERRORS_RIGHT;
  const [low, high] = data.yRange;
  const xOf = (entry) => ERRORS_LEFT + ((entry - 0.5) / data.entries) * plotWidth;
  const yOf = (log) => ERRORS_TOP + ((high - log) / (high - low)) * ERRORS_HEIGHT;
  const bottom = ERRORS_TOP + ERRORS_HEIGHT;
  svg.setAttribute("height", bottom + ERRORS_BOTTOM);
  const decades = []; // every second power of ten
  for (let exponent = Math.ceil(low / 2) * 2; exponent <= high; exponent += 2) {
    decades.push([exponent, powerOfTen(exponent)]);
  }
  const plot = { left: ERRORS_LEFT, right: ERRORS_LEFT + plotWidth, top: ERRORS_TOP, bottom, xOf, yOf };
  gridAndFrame(svg, plot, wholeTicks(1, data.entries, plotWidth < 420 ? 4 : 8), decades);
  for (const level of data.levels) {
    const y = yOf(level.at);
    svg.append(element("line", { x1: ERRORS_LEFT, x2: ERRORS_LEFT + plotWidth, y1: y, y2: y, class: "level" }));
  }
  for (const series of data.series) {
    series.x.forEach((entry, k) => {
      const point = mark(series, xOf(entry), yOf(series.y[k]), data.colors.ink);
      point.append(element("title", {}, series.hover[k]));
      svg.append(point);
    });
  }
  for (const level of data.levels) { // over the marks, on a white halo
    const label = { x: ERRORS_LEFT + plotWidth - 4, y: yOf(level.at) - 5, class: "end level-text" };
    svg.append(element("text", label, level.text));
  }
  axisTitles(svg, plot, data.xTitle, data.yTitle);
}

function markSwatch(series, data) {
  const swatch = element("svg", { width: 14, height: 12, "aria-hidden": "true" });
  swatch.append(mark(series, 7, 6, data.colors.ink));
  return swatch;
}

export default function ({ data, parentElement }) {
  if (!data) return;
  if (data.kind === "jacobian") drawChart(parentElement, data, drawJacobian);
  else drawChart(parentElement, data, drawErrors, data.series, markSwatch);
}
