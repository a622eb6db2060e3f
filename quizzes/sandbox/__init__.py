"""Running code a learner typed, safely: an allow-list check of its syntax (``check``), then a separate process with
hard limits (``process``, started through ``launch``), which calls the learner's function on given inputs and
answers in JSON (``function``, ``function_child``). Nothing the code does can raise into the app or touch files."""
