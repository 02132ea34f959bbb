"""Languages: the page words as message catalogs (catalogs.py) and their completeness (check.py)."""
