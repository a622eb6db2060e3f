// The Walkthrough's two charts (ui/walkthrough/charts.py; their data from ui/walkthrough/figures.py): the distribution
// chart (one feature's histograms as input, normalized and output) and the ε chart (each feature's variance of x̂
// against ε). Drawn here, as SVG (with the kit, ui/common/svg_chart.js), because both change with the batch's edits,
// and a changed Plotly figure cost an edit 0.15-0.2 s; data.kind says which one this is.

const LEFT = 56; // px left of the plot: the y tick labels and the turned y title
const RIGHT = 12;

// ---- the distribution chart: three histograms side by side, one y axis (counts) for all three ----

const PANEL_TOP = 54; // px above the panels: each panel's three title lines
const HISTOGRAM_HEIGHT = 170;
const HISTOGRAM_BOTTOM = 50;
const PANEL_GAP = 26;

function drawPanel(svg, panel, x0, size, yOf, samples, xTitle) {
  const bottom = PANEL_TOP + HISTOGRAM_HEIGHT;
  const edges = panel.edges;
  let lo = Math.min(edges[0], 0);
  let hi = Math.max(edges[edges.length - 1], 0); // the zero line is always in view
  const pad = (hi - lo) * 0.04;
  [lo, hi] = [lo - pad, hi + pad];
  const xOf = (value) => x0 + ((value - lo) / (hi - lo)) * size;
  for (const [tick, label] of niceTicks(lo, hi, size < 130 ? 3 : 5)) {
    svg.append(element("line", { x1: xOf(tick), x2: xOf(tick), y1: PANEL_TOP, y2: bottom, class: "grid" }));
    svg.append(element("text", { x: xOf(tick), y: bottom + 16, class: "tick middle" }, label));
  }
  panel.counts.forEach((count, bin) => {
    const [left, right] = [xOf(edges[bin]), xOf(edges[bin + 1])];
    const bar = element("rect", { x: left, y: yOf(count), width: Math.max(right - left, 1), height: yOf(0) - yOf(count),
      fill: panel.color, class: "bar" });
    const range = `${minus(edges[bin].toFixed(2))} to ${minus(edges[bin + 1].toFixed(2))}`;
    bar.append(element("title", {}, `${range}: ${count} of ${samples}`));
    svg.append(bar);
  });
  svg.append(element("line", { x1: xOf(0), x2: xOf(0), y1: PANEL_TOP, y2: bottom, class: "zero" }));
  svg.append(element("line", { x1: xOf(panel.mean), x2: xOf(panel.mean), y1: PANEL_TOP, y2: bottom, class: "mean" }));
  frame(svg, x0, x0 + size, PANEL_TOP, bottom);
  panel.title.forEach((line, k) => {
    svg.append(element("text", { x: x0 + size / 2, y: 14 + 15 * k, class: "middle panel-title" }, minus(line)));
  });
  svg.append(element("text", { x: x0 + size / 2, y: bottom + 38, class: "middle" }, xTitle));
}

function drawDistribution(svg, data, width) {
  const size = (width - LEFT - RIGHT - 2 * PANEL_GAP) / 3;
  const top = Math.max(...data.panels.flatMap((panel) => panel.counts));
  const yTicks = wholeTicks(0, top, 4);
  const yMax = Math.max(top, yTicks[yTicks.length - 1][0]) * 1.05;
  const yOf = (count) => PANEL_TOP + HISTOGRAM_HEIGHT - (count / yMax) * HISTOGRAM_HEIGHT;
  svg.setAttribute("height", PANEL_TOP + HISTOGRAM_HEIGHT + HISTOGRAM_BOTTOM);
  for (const [tick, label] of yTicks) {
    svg.append(element("text", { x: LEFT - 6, y: yOf(tick) + 4, class: "tick end" }, label));
    data.panels.forEach((_, k) => {
      const x0 = LEFT + k * (size + PANEL_GAP);
      svg.append(element("line", { x1: x0, x2: x0 + size, y1: yOf(tick), y2: yOf(tick), class: "grid" }));
    });
  }
  yTitle(svg, data.yTitle, PANEL_TOP, HISTOGRAM_HEIGHT);
  data.panels.forEach((panel, k) => {
    drawPanel(svg, panel, LEFT + k * (size + PANEL_GAP), size, yOf, data.samples, data.xTitle);
  });
}

// ---- the ε chart: a line per feature on a log axis of ε, the chosen ε marked ----

const LINES_TOP = 6;
const LINES_HEIGHT = 200;
const LINES_BOTTOM = 48;
const Y_RANGE = [-0.05, 1.05];
const Y_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

function drawEpsilon(svg, data, width) {
  const plotWidth = width - LEFT - RIGHT;
  const [low, high] = [data.logEps[0], data.logEps[data.logEps.length - 1]];
  const xOf = (logEps) => LEFT + ((logEps - low) / (high - low)) * plotWidth;
  const yOf = (y) => LINES_TOP + ((Y_RANGE[1] - y) / (Y_RANGE[1] - Y_RANGE[0])) * LINES_HEIGHT;
  const bottom = LINES_TOP + LINES_HEIGHT;
  svg.setAttribute("height", LINES_TOP + LINES_HEIGHT + LINES_BOTTOM);
  const decadeStep = plotWidth < 420 ? 3 : 1; // on a phone every third decade is labelled
  const decades = [];
  for (let exponent = Math.ceil(low); exponent <= high; exponent += 1) {
    decades.push([exponent, (exponent - Math.ceil(low)) % decadeStep === 0 ? powerOfTen(exponent) : ""]);
  }
  const plot = { left: LEFT, right: LEFT + plotWidth, top: LINES_TOP, bottom, xOf, yOf };
  gridAndFrame(svg, plot, decades, Y_TICKS.map((tick) => [tick, String(tick)]));
  axisTitles(svg, plot, data.xTitle, data.yTitle);
  for (const line of data.lines) {
    const path = element("path", { d: brokenLine(data.logEps, line.y, xOf, yOf), class: "series", stroke: line.color,
      "stroke-dasharray": DASHES[line.dash] || "" });
    path.append(element("title", {}, line.name));
    svg.append(path);
  }
  const x = xOf(data.marker.at);
  svg.append(element("line", { x1: x, x2: x, y1: LINES_TOP, y2: bottom, class: "marker" }));
  // low in the plot: at the top the lines, all near 1 at small ε, would run through the label
  svg.append(element("text", { x: x - 5, y: yOf(0.04), class: "end" }, data.marker.label));
}

export default function ({ data, parentElement }) {
  if (data) drawChart(parentElement, data, data.kind === "distribution" ? drawDistribution : drawEpsilon, data.lines);
}
