"""Runtime rendering: the sandboxed Jinja environment, the render context of a profile, its
wording helpers, and the docxtpl paths that fill a template."""
