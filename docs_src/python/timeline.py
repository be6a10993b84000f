"""The first entries of the timeline: everything dated, oldest first."""

import civicdata

dataset = civicdata.load()
for entry in dataset.timeline()[:6]:
    print(entry.date, "|", entry.what, "|", entry.label[:50])
