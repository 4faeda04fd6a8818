"""Template packs: where a document's template comes from (a consultancy's pack or the
default one), `templates lint` and `dump`; `authoring/` makes the default pack from its text
sources."""
