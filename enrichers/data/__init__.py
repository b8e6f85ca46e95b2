"""Data files used by the enrichers (rules and lists); a package so that installs ship them."""
