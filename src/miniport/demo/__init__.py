"""The demo super-app: a bank's host app at `/demo/`, seeded on `miniport serve`'s first start.

`seed.py` puts the platform in a state a newcomer can explore (organizations, the sample
mini-programs compiled, reviewed, listed and released, one under a 50 % gray rule);
`routes.py` serves the demo host page and its tiny backend, a Python host that mints
session tokens with `miniport.host` exactly as a real host backend would.
"""
