"""The home page's prefetch names the files Streamlit's browser app itself loads for a chart and a data grid: if a
Streamlit release renames them, this fails (the app would still work, loading them only when a page needs them)."""

from ui.common.prefetch import PREFETCHED_ELEMENTS, STREAMLIT_SCRIPTS, element_scripts


def test_one_script_per_element_and_each_is_a_file_of_the_installed_streamlit():
    scripts = element_scripts()
    assert [path.split("/")[-1].split(".")[0] for path in scripts] == list(PREFETCHED_ELEMENTS)
    for path in scripts:
        assert path.startswith("static/js/")
        assert (STREAMLIT_SCRIPTS / path.removeprefix("static/js/")).is_file()


def test_the_browser_app_imports_each_script_by_that_name():
    """Streamlit's main bundle loads an element's code with import("./<file>") from static/js/, the same URL the
    prefetch imports, so the tab's module map holds one copy that both share."""
    main_bundle = "".join(path.read_text(errors="replace") for path in STREAMLIT_SCRIPTS.glob("index.*.js"))
    for path in element_scripts():
        assert f"import(`./{path.removeprefix('static/js/')}`)" in main_bundle
