"""WordprocessingML: the only package that imports lxml, names w: tags or runs XPath.

ns (namespaces, tags, story parts), safety (hostile packages), package (parsing, visible
text, light reading for volumes), read and numbering (client documents), format (fonts,
tables, page), fields (PAGE, TOC, bookmarks), template (docxtpl template XML), redline with
redline_text and redline_marks (tracked-change copies). Everything else passes python-docx
objects in and gets plain values back.
"""
