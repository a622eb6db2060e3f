"""Learning content as data (TOML) and the plain-Python code that loads, validates, grades and generates it.

No Streamlit here: pages render what this package returns.
"""

from quizzes.glossary import Term, load_glossary

__all__ = ["Term", "load_glossary"]
