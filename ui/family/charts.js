// The Normalization Family page's tensor block (ui/family/charts.py; its data from ui/family/block.py), drawn as SVG
// with the kit (ui/common/svg_chart.js): every cell's three faces turned to the learner, projected on the page by
// the Python side, the farthest first. The cell under the pointer (or the finger: a tap on a phone) is outlined and
// its value written in the line under the block; its title holds the same words (the browser's tooltip).

const MAX_HEIGHT = 480; // px: the tallest block
const SIDE_ROOM = 14; // px kept free at each side: the turned "H × W" title's line height on a phone
const READOUT_HINT = "Hover over a cell, or tap it, to read its value.";

// The line under the block that names the cell under the pointer: made once, after the SVG.
function readoutLine(svg) {
  let line = svg.parentElement.querySelector(".readout");
  if (!line) {
    line = document.createElement("p");
    line.className = "readout";
    svg.after(line);
  }
  line.textContent = READOUT_HINT;
  return line;
}

function facePath(corners, place) {
  let path = "";
  for (let k = 0; k < corners.length; k += 2) path += `${k ? "L" : "M"}${place(corners[k], corners[k + 1])}`;
  return `${path}Z`;
}

function drawBlock(svg, data, width) {
  const [x0, x1] = data.xRange;
  const [y0, y1] = data.yRange;
  const scale = Math.min((width - 2 * SIDE_ROOM) / (x1 - x0), MAX_HEIGHT / (y1 - y0)); // px per cell, both ways
  const left = (width - scale * (x1 - x0)) / 2;
  svg.setAttribute("height", Math.ceil(scale * (y1 - y0)));
  const xOf = (x) => left + (x - x0) * scale;
  const yOf = (y) => (y1 - y) * scale;
  const place = (x, y) => `${xOf(x).toFixed(1)},${yOf(y).toFixed(1)}`;
  const readout = readoutLine(svg);
  for (const group of data.groups) {
    for (const cell of group.cells) {
      const drawn = element("g", { class: "cell", "data-group": group.name });
      cell.faces.forEach((corners, face) => {
        drawn.append(element("path", { d: facePath(corners, place), fill: group.fills[face], stroke: group.line }));
      });
      drawn.append(element("title", {}, cell.text));
      drawn.addEventListener("pointerenter", () => { readout.textContent = cell.text.replace("\n", " · "); });
      svg.append(drawn);
    }
  }
  for (const corners of data.outline) svg.append(element("path", { d: facePath(corners, place), class: "selected" }));
  for (const tick of data.ticks) {
    svg.append(element("text", { x: xOf(tick.at[0]), y: yOf(tick.at[1]), class: "tick middle centred" }, tick.text));
  }
  for (const title of data.axisTitles) {
    const at = `translate(${place(...title.at).replace(",", " ")}) rotate(${title.angle})`;
    svg.append(element("text", { x: 0, y: 0, transform: at, class: "middle centred" }, title.text));
  }
}

// A legend entry's swatch: a square in the group's top face color.
function faceSwatch(entry) {
  const swatch = element("svg", { width: 14, height: 14, "aria-hidden": "true" });
  swatch.append(element("rect", { x: 1, y: 1, width: 12, height: 12, fill: entry.fills[2], stroke: entry.line }));
  return swatch;
}

export default function ({ data, parentElement }) {
  if (data) drawChart(parentElement, data, drawBlock, data.groups, faceSwatch);
}
