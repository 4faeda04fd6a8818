"""Making the default template pack from `templates/src/` (run by tools/build_templates.py):
the controlled-document frame and the procedure, manual and record-form builders."""
