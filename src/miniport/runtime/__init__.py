"""The runtime ("base library"): plain ES modules served as static files.

The JavaScript lives in `static/`, laid out like a mini-program engine:
`common/` (shared helpers, including what compiled templates call), `service/`
(logic layer, runs in a Worker), `render/` (view layer), `components/` (built-ins),
`container/` (host side: bridge, policy, page shell, host SDK).
"""

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"
