"""Reading inputs: any .docx, .doc/.odt (through LibreOffice), folder or .zip into `Outline`s.

`inputs` collects the files, `outline` reads one document (through `generator.ooxml.read`),
`headings` decides which paragraphs are headings, `textnorm` keeps the folded copies used for
matching.
"""
