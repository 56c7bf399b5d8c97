"""Miniport: a self-hosted mini-program platform."""

__version__ = "0.1.0"

# The framework (runtime) version packages are compiled against. A package's
# manifest names the framework version it needs; hosts refuse newer majors.
FRAMEWORK_VERSION = "1.0.0"
