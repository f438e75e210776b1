"""A stand-in that hides Playwright: on ``PYTHONPATH`` first, it makes ``import playwright``
fail, as on a machine where only ``pip install .`` ran (``tests/test_screen.py``)."""

raise ImportError("playwright is hidden for this test (tests/no_playwright)")
