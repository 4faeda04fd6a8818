"""Gap check: evidence from the profile, the documents and an assessment, scored by a scheme.

`generator.gapcheck` is the entry point; the modules here each hold one concept.
"""
