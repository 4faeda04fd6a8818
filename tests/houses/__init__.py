"""Client-style document sets of imaginary consultancies ("houses"), written as named scenarios.

Each house has its own habits: what it calls a procedure (程序/办法/规定/细则/制度/规范), where
it writes the title (a heading, a document-control table, a bold line split over runs), how it
marks sections (styled headings, bold, run-in `３．职责：…`, a two-column table, 第一章/第一条
articles, plain 一、二、 lines, chapters of one book), full- or half-width digits, automatic
numbering restarting in each procedure, and the labels it gives sections and manual chapters.
`tuning` houses were used while the validator was improved; `heldout` houses were never tuned
on (their figures are reported); the two from `fresh` were written after the issue-16 changes
(see `styles` for their first measure).
"""
