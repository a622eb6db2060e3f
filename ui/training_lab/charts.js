// The Training Lab's live curves (ui/training_lab/charts.py; their data from ui/training_lab/curves.py), drawn as SVG
// with the kit (ui/common/svg_chart.js): training loss (log axis) or test accuracy against epoch, both arms. They
// change with every tick of a playing run, and a changed Plotly figure is a new chart.

const LEFT = 62; // px left of the plot: the y tick labels and the turned y title
const RIGHT = 12;
const TOP = 22; // px above the plot: room for a divergence label at the top
const PLOT_HEIGHT = 200;
const BOTTOM = 48; // px under the plot: the x tick labels and the x title

function drawCurves(svg, data, width) {
  const plotWidth = width - LEFT - RIGHT;
  const [low, high] = data.yRange;
  const xOf = (epoch) => LEFT + ((epoch + 0.3) / (data.xMax + 0.6)) * plotWidth;
  const yOf = (y) => TOP + ((high - Math.min(Math.max(y, low), high)) / (high - low)) * PLOT_HEIGHT;
  const bottom = TOP + PLOT_HEIGHT;
  svg.setAttribute("height", bottom + BOTTOM);
  const plot = { left: LEFT, right: LEFT + plotWidth, top: TOP, bottom, xOf, yOf };
  gridAndFrame(svg, plot, wholeTicks(0, data.xMax, plotWidth < 420 ? 4 : 8), data.yTicks);
  for (const line of data.lines) {
    const drawn = line.y.filter((y) => y !== null).length;
    const epochs = line.y.map((_, epoch) => epoch);
    svg.append(element("path", { d: brokenLine(epochs, line.y, xOf, yOf), class: "series", stroke: line.color,
      "stroke-dasharray": DASHES[line.dash] || "", "data-points": drawn }));
    line.y.forEach((y, epoch) => { // a dot for a lone point (epoch 0 before Play), a hover target for every point
      if (y === null) return;
      titledPoint(svg, xOf(epoch), yOf(y), drawn === 1 ? 4 : 6, line.color, drawn === 1 ? "dot" : "hover-point",
        line.hover[epoch]);
    });
  }
  for (const mark of data.diverged) {
    const [x, y] = [xOf(mark.x), mark.y === null ? TOP : yOf(mark.y)];
    svg.append(element("path", { d: `M${x - 5},${y - 5}L${x + 5},${y + 5}M${x - 5},${y + 5}L${x + 5},${y - 5}`,
      stroke: mark.color, class: "diverged" }));
    const anchor = x > LEFT + plotWidth * 0.7 ? "end" : x < LEFT + plotWidth * 0.3 ? "start" : "middle";
    svg.append(element("text", { x, y: y - 9, class: `label ${anchor}`, fill: mark.color }, mark.text));
  }
  axisTitles(svg, plot, data.xTitle, data.yTitle);
}

export default function ({ data, parentElement }) {
  if (data) drawChart(parentElement, data, drawCurves, data.lines);
}
