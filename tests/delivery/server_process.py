"""Run one Miniport server process from `MINIPORT_*` variables (used by multi-process tests).

Usage: python server_process.py PORT
"""

from __future__ import annotations

import sys

import uvicorn

from miniport.center.app import create_app
from miniport.config import load_settings

if __name__ == "__main__":
    uvicorn.run(
        create_app(load_settings()), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning"
    )
