"""Building a profile's document set and rebuilding it after a change.

plan (what to build) -> documents (render one job) -> run (versions, protection, staging flow,
using staging and notes) -> manifest.json; changes and impact say what a profile change
touches; batch builds several profiles and returns their outcomes for the CLI to show.
"""
