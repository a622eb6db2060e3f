"""AppTest runs pages in this process: show full error details here (learners on the server never see them)."""

import os

os.environ["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] = "full"
