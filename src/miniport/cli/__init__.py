"""The `miniport` command line. Each area registers its commands in its own module."""
