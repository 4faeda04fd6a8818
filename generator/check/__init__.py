"""Clause 5.1.4.1: check a client's document set and return the findings as data.

`validate` is the entry point; `segment` splits documents into procedures and manual parts,
`matching` recognises titles and section labels, `names` and `stale` look for content left
from another company or a template, `findings` is what they all report.
"""
