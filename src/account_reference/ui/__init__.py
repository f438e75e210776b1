"""The reference's web UI: server-rendered pages over the same rules as the API (S08–S11).

``/ui`` is the reference page (its markup is what ``examples/ui/reference.toml`` names),
``/console`` the same data in another markup (``examples/ui/vendor-style.toml``). A browser
signs in with a one-time link from ``POST /test-support/sign-in-links``; its cookie is bound
to the bearer token's session, so a switch in the browser is a switch of that session.
Neither page is part of the contract. Modules: ``sign_ins`` (codes and cookies),
``page_model`` (what a page shows), ``html`` (the document shell), ``workspace_page`` and
``console_page`` (the two markups), ``routes``.
"""
