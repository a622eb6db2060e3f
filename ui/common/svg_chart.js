// The kit every element the page draws itself starts with (ui/common/drawn_by_the_page.py puts it first in each
// one's module): SVG elements, numbers written with a true minus sign, round tick values, broken lines, points with
// their value as a tooltip, a plot's grid, frame and axis titles, and the chart figure (ui/common/svg_chart.html:
// title, SVG, legend) redrawn whenever its width changes.

const SVG = "http://www.w3.org/2000/svg";
const DASHES = { solid: "", dash: "8 5", dot: "2 4", dashdot: "8 4 2 4" }; // Plotly's dash names
const SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3", 4: "\u2074", 5: "\u2075",
  6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };
const chartData = new WeakMap(); // parentElement -> the latest data, for redrawing at a new width

function element(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function minus(text) {
  return String(text).replace("-", "\u2212");
}

// Round numbers from lo to hi, about `count` of them, at a step of 1, 2 or 5 times a power of ten.
function niceTicks(lo, hi, count) {
  const rough = (hi - lo) / Math.max(count, 1);
  if (!(rough > 0 && Number.isFinite(rough))) return [[lo, minus(lo)]]; // one value: no step to take
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks = [];
  for (let tick = Math.ceil(lo / step) * step; tick <= hi + step * 1e-9; tick += step) {
    ticks.push([tick, minus(Number(tick.toFixed(decimals)).toString())]);
  }
  return ticks;
}

// 10 to the power `exponent` as a tick label: "1", "10", "10⁻⁸".
function powerOfTen(exponent) {
  if (exponent === 0 || exponent === 1) return String(10 ** exponent);
  return `10${[...String(exponent)].map((c) => SUPERSCRIPT[c]).join("")}`;
}

// The line through the points (xs[i], ys[i]), placed by xOf and yOf, broken where a y is missing (null).
function brokenLine(xs, ys, xOf, yOf) {
  let path = "";
  let drawing = false;
  ys.forEach((y, i) => {
    if (y === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? "L" : "M"}${xOf(xs[i]).toFixed(1)},${yOf(y).toFixed(1)}`;
    drawing = true;
  });
  return path;
}

// A point of a line at (cx, cy), radius r, in `color`, its class "dot" (always shown) or "hover-point" (shown under the
// pointer, svg_chart.css), its value in `text` as its title (the browser's tooltip).
function titledPoint(parent, cx, cy, r, color, className, text) {
  const point = element("circle", { cx, cy, r, fill: color, class: className });
  point.append(element("title", {}, text));
  parent.append(point);
}

// Whole numbers among about `count` round ticks from lo to hi, as [tick, label].
function wholeTicks(lo, hi, count) {
  return niceTicks(lo, hi, count).filter(([tick]) => Number.isInteger(tick));
}

// A plot's grid and its frame: a line across the plot and a label left of it at each of `yTicks`, a line down the
// plot and a label under it at each of `xTicks` ([value, label]; an empty label draws the line only). `plot` holds
// its px bounds (left, right, top, bottom) and the functions placing a value (xOf, yOf).
function gridAndFrame(svg, plot, xTicks, yTicks) {
  const { left, right, top, bottom, xOf, yOf } = plot;
  for (const [value, label] of yTicks) {
    svg.append(element("line", { x1: left, x2: right, y1: yOf(value), y2: yOf(value), class: "grid" }));
    svg.append(element("text", { x: left - 6, y: yOf(value) + 4, class: "tick end" }, label));
  }
  for (const [value, label] of xTicks) {
    svg.append(element("line", { x1: xOf(value), x2: xOf(value), y1: top, y2: bottom, class: "grid" }));
    if (label) svg.append(element("text", { x: xOf(value), y: bottom + 17, class: "tick middle" }, label));
  }
  frame(svg, left, right, top, bottom);
}

// The titles of a plot's axes: the x title under its tick labels, the y title turned, left of them.
function axisTitles(svg, plot, xText, yText) {
  svg.append(element("text", { x: (plot.left + plot.right) / 2, y: plot.bottom + 40, class: "middle" }, xText));
  yTitle(svg, yText, plot.top, plot.bottom - plot.top);
}

function yTitle(svg, text, top, height) {
  const turned = { x: 0, y: 0, class: "middle", transform: `translate(14 ${top + height / 2}) rotate(-90)` };
  svg.append(element("text", turned, text));
}

function frame(svg, x0, x1, top, bottom) {
  svg.append(element("line", { x1: x0, x2: x1, y1: bottom, y2: bottom, class: "frame" }));
  svg.append(element("line", { x1: x0, x2: x0, y1: top, y2: bottom, class: "frame" }));
}

// A legend entry's swatch: a line in the series' color and dash.
function lineSwatch(entry) {
  const swatch = element("svg", { width: 30, height: 10, "aria-hidden": "true" });
  swatch.append(element("line", { x1: 0, x2: 30, y1: 5, y2: 5, stroke: entry.color, "stroke-width": 2,
    "stroke-dasharray": DASHES[entry.dash] || "" }));
  return swatch;
}

// Draw `data` into the component's chart figure: its title, its legend (`entries`, each with a name and the swatch
// `swatch(entry, data)` draws) and its SVG, by `draw(svg, data, width)`; drawn again whenever the figure's width
// changes.
// data.colors become the CSS variables the chart's style reads (--grid, --frame, ...), data.summary the SVG's name.
function drawChart(parentElement, data, draw, entries = [], swatch = lineSwatch) {
  const figure = parentElement.querySelector(".page-chart");
  const redraw = () => {
    const latest = chartData.get(parentElement);
    const width = Math.max(figure.clientWidth, 240);
    const svg = figure.querySelector("svg");
    svg.replaceChildren();
    svg.setAttribute("width", width);
    svg.setAttribute("aria-label", latest.data.summary);
    latest.draw(svg, latest.data, width);
  };
  if (!chartData.has(parentElement)) new ResizeObserver(redraw).observe(figure);
  chartData.set(parentElement, { data, draw });
  for (const [name, color] of Object.entries(data.colors)) figure.style.setProperty(`--${name}`, color);
  figure.querySelector(".title").textContent = data.title;
  figure.querySelector(".legend").replaceChildren(
    ...entries.map((entry) => {
      const item = document.createElement("li");
      item.append(swatch(entry, data), document.createTextNode(entry.name));
      return item;
    }),
  );
  redraw();
}
