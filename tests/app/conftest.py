"""AppTest runs pages in this process: show full error details here (learners on the server never see them;
.streamlit/config.toml hides them)."""

from streamlit import config

config.set_option("client.showErrorDetails", "full")
