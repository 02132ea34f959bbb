"""The JSON that apps fetch: a catalog of policies and a manifest per policy version and language.

No MkDocs here. `manifest` turns a validated policy into its manifest, `catalog`
lists the current editions, `schemas` derives the published JSON Schemas from
the policy schema, and `jsonfile` writes and digests JSON the same way everywhere.
"""
