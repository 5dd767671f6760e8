"""Records management: the file plan and its retention schedules, lifecycle dates, legal
holds, disposition (destroy with certificate, transfer to NARA as BagIt), trash.

The rules live here; the purge of derived data outside the store (the search index) is
passed in by web/services.py, since corpus never imports search.
"""
