"""Assembly: the manual volume, the compiled volumes, field refresh and PDF via LibreOffice."""
