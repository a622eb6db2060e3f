// The Walkthrough's ε chart (ui/walkthrough/epsilon_chart.py; data from ui/walkthrough/figures.py:
// epsilon_chart_data): each feature's variance of x̂ against ε on a log axis, the chosen ε marked. Drawn here, as
// SVG, because it changes with every edit of the batch, and a changed Plotly figure cost the edit 0.15-0.2 s.

const SVG = "http://www.w3.org/2000/svg";
const PLOT_HEIGHT = 200; // px of the plot area
const LEFT = 56; // px left of the plot: the y tick labels and the turned y title
const RIGHT = 12;
const TOP = 6;
const BOTTOM = 48; // px under the plot: the x tick labels and the x title
const Y_RANGE = [-0.05, 1.05];
const Y_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const DASHES = { solid: "", dash: "8 5", dot: "2 4", dashdot: "8 4 2 4" }; // Plotly's dash names
const SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3", 4: "\u2074", 5: "\u2075",
  6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };
const charts = new WeakMap(); // parentElement -> the latest data, for redrawing at a new width

function element(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function powerOfTen(exponent) {
  return exponent === 0 ? "1" : exponent === 1 ? "10" : `10${[...String(exponent)].map((c) => SUPERSCRIPT[c]).join("")}`;
}

// The line through the points (logEps[i], y[i]), broken where y is missing (not a finite number).
function linePath(logEps, ys, xOf, yOf) {
  let path = "";
  let drawing = false;
  ys.forEach((y, i) => {
    if (y === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? "L" : "M"}${xOf(logEps[i]).toFixed(1)},${yOf(y).toFixed(1)}`;
    drawing = true;
  });
  return path;
}

function draw(figure, data) {
  const width = Math.max(figure.clientWidth, 240);
  const plotWidth = width - LEFT - RIGHT;
  const [low, high] = [data.logEps[0], data.logEps[data.logEps.length - 1]];
  const xOf = (logEps) => LEFT + ((logEps - low) / (high - low)) * plotWidth;
  const yOf = (y) => TOP + ((Y_RANGE[1] - y) / (Y_RANGE[1] - Y_RANGE[0])) * PLOT_HEIGHT;
  const bottom = TOP + PLOT_HEIGHT;
  const svg = figure.querySelector("svg");
  svg.setAttribute("width", width);
  svg.setAttribute("height", TOP + PLOT_HEIGHT + BOTTOM);
  svg.setAttribute("aria-label", data.summary);
  svg.replaceChildren();
  const decadeStep = plotWidth < 420 ? 3 : 1; // on a phone every third decade is labelled
  for (let exponent = Math.ceil(low); exponent <= high; exponent += 1) {
    const x = xOf(exponent);
    svg.append(element("line", { x1: x, x2: x, y1: TOP, y2: bottom, class: "grid" }));
    if ((exponent - Math.ceil(low)) % decadeStep === 0) {
      svg.append(element("text", { x, y: bottom + 17, class: "tick middle" }, powerOfTen(exponent)));
    }
  }
  for (const tick of Y_TICKS) {
    svg.append(element("line", { x1: LEFT, x2: LEFT + plotWidth, y1: yOf(tick), y2: yOf(tick), class: "grid" }));
    svg.append(element("text", { x: LEFT - 6, y: yOf(tick) + 4, class: "tick end" }, String(tick)));
  }
  svg.append(element("line", { x1: LEFT, x2: LEFT + plotWidth, y1: bottom, y2: bottom, class: "frame" }));
  svg.append(element("line", { x1: LEFT, x2: LEFT, y1: TOP, y2: bottom, class: "frame" }));
  svg.append(element("text", { x: LEFT + plotWidth / 2, y: bottom + 40, class: "middle" }, data.xTitle));
  const yTitle = element("text", { x: 0, y: 0, class: "middle", transform: `translate(14 ${TOP + PLOT_HEIGHT / 2}) rotate(-90)` }, data.yTitle);
  svg.append(yTitle);
  for (const line of data.lines) {
    const path = element("path", {
      d: linePath(data.logEps, line.y, xOf, yOf),
      class: "series",
      stroke: line.color,
      "stroke-dasharray": DASHES[line.dash] || "",
    });
    path.append(element("title", {}, line.name));
    svg.append(path);
  }
  const x = xOf(data.marker.at);
  svg.append(element("line", { x1: x, x2: x, y1: TOP, y2: bottom, class: "marker" }));
  // low in the plot: at the top the lines, all near 1 at small ε, would run through the label
  svg.append(element("text", { x: x - 5, y: yOf(0.04), class: "end" }, data.marker.label));
}

function legend(list, lines) {
  list.replaceChildren(
    ...lines.map((line) => {
      const item = document.createElement("li");
      const swatch = element("svg", { width: 30, height: 10, "aria-hidden": "true" });
      swatch.append(element("line", { x1: 0, x2: 30, y1: 5, y2: 5, stroke: line.color, "stroke-width": 2,
        "stroke-dasharray": DASHES[line.dash] || "" }));
      item.append(swatch, document.createTextNode(line.name));
      return item;
    }),
  );
}

export default function ({ data, parentElement }) {
  if (!data) return;
  const figure = parentElement.querySelector(".epsilon-chart");
  if (!charts.has(parentElement)) {
    new ResizeObserver(() => draw(figure, charts.get(parentElement))).observe(figure);
  }
  charts.set(parentElement, data);
  for (const [name, color] of Object.entries(data.colors)) figure.style.setProperty(`--${name}`, color);
  figure.querySelector(".title").textContent = data.title;
  legend(figure.querySelector(".legend"), data.lines);
  draw(figure, data);
}
