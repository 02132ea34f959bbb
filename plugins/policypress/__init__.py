"""PolicyPress: privacy policies kept as YAML, validated and published.

The core package has no MkDocs imports: load → validate → model → render → diff.
"""

from __future__ import annotations

__version__ = "0.1.0"
