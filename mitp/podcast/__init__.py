"""The podcast (issue 11): episodes self-hosted with transcripts, pages and one feed per language.

- ``data``: the data file's declaration (``FILE``), records and checks (audio, transcripts, artwork)
- ``media``: what the files say about themselves (mutagen, Pillow, webvtt-py)
- ``views``: plain data for the pages; the generated episode pages
- ``feed``: the outputs (media copied once, RSS per language)
"""
