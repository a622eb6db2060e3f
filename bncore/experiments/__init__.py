"""The experiments behind the pages and the practice loops, each a seeded, pure function of its settings that
returns plain data; ``registry`` names every one of them once."""
