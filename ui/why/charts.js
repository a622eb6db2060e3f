// The Why It Works page's charts (ui/why/charts.py; their data from ui/why/figures.py), drawn as SVG with the kit
// (ui/common/svg_chart.js): panels of lines over epochs, training steps or batch sizes, side by side on the first
// panel's y axis, or one above the other, each with its own. Drawn here because a revealed section's Plotly figures
// took the tab 0.5-1 s to draw.

const LEFT = 62; // px left of the plots: the y tick labels and the turned y title
const RIGHT = 12;
const PANEL_TITLE = 24; // px above a plot: its title
const SIDE_BY_SIDE_HEIGHT = 230;
const STACKED_HEIGHT = 150;
const SIDE_GAP = 18; // px between plots side by side
const STACK_GAP = 8; // px between plots one above the other, under the lower one's tick labels
const X_LABELS = 24; // px under a plot: its x tick labels
const X_TITLE = 22; // px under those: its x title, where it has one

function drawLine(group, line, xOf, yOf) {
  group.append(element("path", { d: brokenLine(line.x, line.y, xOf, yOf), class: "series", stroke: line.color,
    "stroke-dasharray": DASHES[line.dash] || "", style: `stroke-width: ${line.width}px` }));
  line.y.forEach((y, k) => { // a dot at each measured point, or a target for the pointer that shows on hover
    if (y === null) return;
    titledPoint(group, xOf(line.x[k]), yOf(y), line.dots ? 2.5 : 5, line.color, line.dots ? "dot" : "hover-point",
      line.hover[k]);
  });
}

// One panel in the box {left, right, top, bottom} of its plot; `yLabels` false leaves its y ticks unlabelled (the
// panel left of it labels the row's one axis).
function drawPanel(svg, panel, box, yLabels) {
  const { left, right, top, bottom } = box;
  const [x0, x1] = panel.xRange;
  const [y0, y1] = panel.yRange;
  const xOf = (x) => left + ((x - x0) / (x1 - x0)) * (right - left);
  const yOf = (y) => bottom - ((Math.min(Math.max(y, y0), y1) - y0) / (y1 - y0)) * (bottom - top);
  const group = element("g", { class: "panel" });
  svg.append(group);
  group.append(element("rect", { x: left, y: top, width: right - left, height: bottom - top, class: "plot-area" }));
  const xTicks = panel.xTicks ?? wholeTicks(x0, x1, right - left < 220 ? 4 : 8);
  const yTicks = yLabels ? panel.yTicks : panel.yTicks.map(([value]) => [value, ""]);
  gridAndFrame(group, { left, right, top, bottom, xOf, yOf }, xTicks, yTicks);
  for (const line of panel.lines) drawLine(group, line, xOf, yOf);
  group.append(element("text", { x: (left + right) / 2, y: top - 8, class: "middle panel-title" }, panel.title));
  if (panel.xTitle) {
    group.append(element("text", { x: (left + right) / 2, y: bottom + X_LABELS + 14, class: "middle" },
      panel.xTitle));
  }
}

function drawPanels(svg, data, width) {
  const count = data.panels.length;
  if (data.sideBySide) {
    const plotWidth = (width - LEFT - RIGHT - SIDE_GAP * (count - 1)) / count;
    const [top, bottom] = [PANEL_TITLE, PANEL_TITLE + SIDE_BY_SIDE_HEIGHT];
    data.panels.forEach((panel, k) => {
      const left = LEFT + k * (plotWidth + SIDE_GAP);
      drawPanel(svg, panel, { left, right: left + plotWidth, top, bottom }, k === 0);
    });
    yTitle(svg, data.yTitle, top, SIDE_BY_SIDE_HEIGHT);
    svg.setAttribute("height", bottom + X_LABELS + X_TITLE);
    return;
  }
  let top = PANEL_TITLE;
  for (const panel of data.panels) {
    const bottom = top + STACKED_HEIGHT;
    drawPanel(svg, panel, { left: LEFT, right: width - RIGHT, top, bottom }, true);
    top = bottom + X_LABELS + (panel.xTitle ? X_TITLE : 0) + STACK_GAP + PANEL_TITLE;
  }
  svg.setAttribute("height", top - PANEL_TITLE);
}

export default function ({ data, parentElement }) {
  if (data) drawChart(parentElement, data, drawPanels, data.legend);
}
