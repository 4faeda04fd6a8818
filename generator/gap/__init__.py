"""Gap check: evidence from the profile, the documents and an assessment, scored by a scheme.

`generator.gap.run` is the entry point; the modules here each hold one concept.
"""
