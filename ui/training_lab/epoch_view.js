// The Training Lab's epoch view (ui/training_lab/views.py: epoch_view; data from ui/training_lab/epoch_view.py; SVG
// helpers from the kit, ui/common/svg_chart.js).
// While a run is paused the data holds every revealed epoch, so moving the slider redraws here at once; the server
// only hears of the epoch picked when the slider is let go (the "epoch" trigger), to keep it for the next visit.
// Picks are numbered: data that has not yet seen the last pick (data.seq behind) leaves the slider where it is, so a
// rerun started by an earlier key press does not pull the slider back; data.moves counts Play, Step and Reset, which
// move the view to the newest epoch and end every pick made before them (even one whose message was lost).

const PANEL_HEIGHT = 85; // px of one panel's plot area
const TITLE_ROOM = 30; // px above a panel: its title and off-axis note
const TICK_ROOM = 18; // px under a panel: its x tick labels
const ROW_GAP = 8; // px between two rows of panels
const ARM_GAP = 18; // px between the two arms' blocks
const LEFT = 64; // px left of the first column: the arm's name (turned) and the y tick labels
const COLUMN_GAP = 22; // px between two panels side by side
const MIN_PANEL = 72; // px: the narrowest panel whose tick labels and "100% off-axis" note still fit
const views = new WeakMap(); // parentElement -> {data, dragging, sent: the last pick's number, moves: data.moves seen}

// Panels per row (the grid's, or fewer where a panel would be narrower than MIN_PANEL), the px width of one panel,
// and the heights of one row and of one arm's block.
function geometry(width, gridColumns, depth) {
  const room = width - LEFT - 6;
  const columns = Math.max(1, Math.min(gridColumns, Math.floor((room + COLUMN_GAP) / (MIN_PANEL + COLUMN_GAP))));
  const panel = (room - (columns - 1) * COLUMN_GAP) / columns;
  const rows = Math.ceil(depth / columns);
  const rowHeight = TITLE_ROOM + PANEL_HEIGHT + TICK_ROOM + ROW_GAP;
  return { columns, panel, rowHeight, block: rows * rowHeight };
}

function drawPanel(svg, arm, layer, x0, y0, size, axis, hover) {
  const { edges, range, ticks } = axis;
  const panel = arm.panels[layer];
  const xOf = (value) => x0 + ((value + range) / (2 * range)) * size;
  const yOf = (fraction) => y0 + PANEL_HEIGHT - (Math.min(fraction, arm.top) / arm.top) * PANEL_HEIGHT;
  for (const [tick] of arm.ticks.slice(1)) {
    svg.append(element("line", { x1: x0, x2: x0 + size, y1: yOf(tick), y2: yOf(tick), class: "grid" }));
  }
  let path = `M${xOf(edges[0])},${yOf(0)}`;
  panel.fractions.forEach((fraction, bin) => {
    path += `L${xOf(edges[bin])},${yOf(fraction)}L${xOf(edges[bin + 1])},${yOf(fraction)}`;
  });
  path += `L${xOf(edges[edges.length - 1])},${yOf(0)}Z`;
  svg.append(element("path", { d: path, fill: arm.fill, stroke: arm.color, "stroke-width": 1 }));
  svg.append(element("line", { x1: x0, x2: x0 + size, y1: yOf(0), y2: yOf(0), class: "frame" }));
  svg.append(element("line", { x1: x0, x2: x0, y1: yOf(0), y2: y0, class: "frame" }));
  for (const tick of ticks) {
    svg.append(element("text", { x: xOf(tick), y: yOf(0) + 14, class: "tick middle" }, minus(tick)));
  }
  const titleY = y0 - (panel.offAxis ? 17 : 5);
  svg.append(element("text", { x: x0 + size / 2, y: titleY, class: "panel-title" }, panel.title));
  if (panel.offAxis) {
    svg.append(element("text", { x: x0 + size / 2, y: y0 - 4, class: "panel-note" }, panel.offAxis));
  }
  const area = element("rect", { x: x0, y: y0, width: size, height: PANEL_HEIGHT, class: "hover-area" });
  area.addEventListener("mousemove", (event) => {
    const box = area.getBoundingClientRect();
    const bins = panel.fractions.length;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * bins)));
    const centre = minus(((edges[bin] + edges[bin + 1]) / 2).toFixed(2));
    const share = (100 * panel.fractions[bin]).toFixed(1);
    hover(`${arm.label}, ${panel.title}: ${share}% of the values near ${centre}`);
  });
  area.addEventListener("mouseleave", () => hover(""));
  svg.append(area);
}

function drawGrid(figure, grid, axis) {
  const svg = figure.querySelector("svg");
  const readout = figure.querySelector(".readout");
  const hover = (text) => {
    readout.textContent = text;
  };
  const width = Math.max(300, figure.clientWidth);
  const depth = grid.arms[0].panels.length;
  const { columns, panel, rowHeight, block } = geometry(width, grid.columns, depth);
  const height = grid.arms.length * block + (grid.arms.length - 1) * ARM_GAP;
  svg.replaceChildren();
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("aria-label", grid.title);
  figure.querySelector(".title").textContent = grid.title;
  grid.arms.forEach((arm, a) => {
    const top = a * (block + ARM_GAP);
    const middle = top + block / 2;
    const turned = { x: 12, y: middle, class: "arm", fill: arm.color, transform: `rotate(-90 12 ${middle})` };
    svg.append(element("text", turned, arm.label));
    for (let layer = 0; layer < depth; layer++) {
      const row = Math.floor(layer / columns);
      const column = layer % columns;
      const x0 = LEFT + column * (panel + COLUMN_GAP);
      const y0 = top + row * rowHeight + TITLE_ROOM;
      drawPanel(svg, arm, layer, x0, y0, panel, axis, hover);
      if (column === 0) {
        for (const [tick, label] of arm.ticks) {
          const y = y0 + PANEL_HEIGHT - (tick / arm.top) * PANEL_HEIGHT;
          svg.append(element("text", { x: x0 - 4, y: y + 4, class: "tick end" }, label));
        }
      }
    }
  });
}

function cell(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.textContent = text;
  return node;
}

function tableRow(cells) {
  const node = document.createElement("tr");
  node.append(...cells);
  return node;
}

function drawTable(block, table, caption) {
  block.hidden = table === null;
  if (table === null) return;
  block.querySelector("thead").replaceChildren(
    tableRow([
      cell("th", "layer", { rowspan: 2, scope: "col" }),
      ...table.arms.map((arm) => cell("th", arm, { colspan: 2, scope: "colgroup" })),
    ]),
    tableRow(table.arms.flatMap(() => [cell("th", "μ", { scope: "col" }), cell("th", "σ²", { scope: "col" })])),
  );
  block.querySelector("tbody").replaceChildren(
    ...table.rows.map(([layer, ...values]) =>
      tableRow([cell("th", layer, { scope: "row" }), ...values.map((value) => cell("td", value))]),
    ),
  );
  block.querySelector(".caption").textContent = caption;
}

function show(root, data, epoch) {
  const frame = data.frames[String(epoch)] || data.frames[String(data.shown)];
  root.querySelector(".value").textContent = `${frame.epoch} of ${data.available}`;
  const list = root.querySelector(".narrative");
  list.innerHTML = frame.narrative.map((sentence) => `<li>${sentence}</li>`).join(""); // HTML escaped in Python
  drawGrid(root.querySelector("figure"), frame.grid, data.axis);
  drawTable(root.querySelector(".table-block"), frame.table, data.tableCaption);
}

export default function ({ data, parentElement, setTriggerValue }) {
  if (!data) return;
  const root = parentElement.querySelector(".epoch-view");
  let view = views.get(parentElement);
  if (!view) {
    view = { data, dragging: false, sent: 0, moves: data.moves };
    views.set(parentElement, view);
    const slider = root.querySelector("input");
    slider.addEventListener("input", () => show(root, view.data, Number(slider.value)));
    slider.addEventListener("change", () => {
      view.sent += 1;
      setTriggerValue("epoch", { epoch: Number(slider.value), seq: view.sent });
    });
    slider.addEventListener("pointerdown", () => {
      view.dragging = true;
    });
    document.addEventListener("pointerup", () => {
      view.dragging = false; // wherever the pointer is let go
    });
    new ResizeObserver(() => show(root, view.data, Number(slider.value))).observe(root.querySelector("figure"));
  }
  view.data = data;
  const colors = { accent: data.accent, ...data.axis.colors }; // from the theme and the palette (Python)
  for (const [name, color] of Object.entries(colors)) root.style.setProperty(`--${name}`, color);
  const slider = root.querySelector("input");
  root.querySelector(".slider").hidden = data.available === 0;
  root.querySelector(".hint").textContent = data.hint;
  root.querySelector(".grid-caption").textContent = data.gridCaption;
  slider.max = String(data.available);
  root.querySelector(".ends .last").textContent = String(data.available);
  slider.disabled = data.playing;
  if (data.moves !== view.moves) {
    view.moves = data.moves;
    view.sent = data.seq;
  }
  if (!view.dragging && data.seq >= view.sent) slider.value = String(data.shown);
  show(root, data, Number(slider.value));
}
