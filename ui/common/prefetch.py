"""While the learner reads a page, the browser loads the code of the charts and data grids that come next.

Streamlit's browser app loads an element's code the first time a page shows one. Plotly's is 4.7 MB and the data
grid's 1.2 MB, so the first pages with a grid and a chart (the Walkthrough, next in the learning order) used to wait
for them after their first run was drawn. A tiny inline component (Streamlit components v2) mounted at the foot of the
home page imports them once the page is idle; the next page then finds them loaded. The Training Lab mounts it too:
its live curves are drawn by the page, so a tab opened on it shows no Plotly chart until the first Step or Pause
shows the run's details, which would otherwise wait for Plotly's code then. So does Practice, whose reveals show a tab
opened there its first Plotly chart (on fresh tabs, a practice reveal 0.34-0.60 s with it against 0.53-0.78 s
without), and Why It Works, whose charts the page draws but whose scale section shows a data grid, and whose next page
in the learning order, the Normalization Family, shows a Plotly chart once its experiment has run. It sends nothing
back and draws nothing.

The files are Streamlit's own, named "<Element>.<hash>.js" in the installed package (``element_scripts``); if a
Streamlit release names them otherwise, nothing is prefetched and the pages load their code as before
(``tests/ui/test_prefetch.py`` notices).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.common.keys import AppKeys

STREAMLIT_SCRIPTS = Path(st.__file__).parent / "static" / "static" / "js"
PREFETCHED_ELEMENTS = ("PlotlyChart", "DataFrame")  # st.plotly_chart; st.dataframe and st.data_editor

PREFETCH_JS = """
let started = false;  // once per tab: the module lives as long as the app does

export default function ({ data }) {
  if (started || !data) return;
  started = true;
  const load = () => {
    for (const path of data.scripts) import(new URL(path, document.baseURI).href).catch(() => {});
  };
  if (window.requestIdleCallback) window.requestIdleCallback(load, { timeout: 3000 });
  else window.setTimeout(load, 1000);
}
"""

_prefetch = st.components.v2.component("batch_norm_lab_prefetch", js=PREFETCH_JS)


def element_scripts() -> list[str]:
    """The app-relative paths of the code of ``PREFETCHED_ELEMENTS`` in the installed Streamlit, e.g.
    "static/js/PlotlyChart.D9Z0_fxz.js": one per element, or none for an element whose file is not found."""
    return [
        f"static/js/{path.name}"
        for element in PREFETCHED_ELEMENTS
        for path in sorted(STREAMLIT_SCRIPTS.glob(f"{element}.*.js"))[:1]
    ]


def prefetch_element_code() -> None:
    """Mount the component (at the foot of a page): once the page is idle, the browser imports the scripts (once per
    tab)."""
    _prefetch(key=AppKeys.PREFETCH, data={"scripts": element_scripts()})
