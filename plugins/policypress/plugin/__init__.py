"""The MkDocs adapter: the only part of PolicyPress that imports MkDocs."""
