"""How many records cite each article?"""

import civicdata

dataset = civicdata.load()
for source in dataset.sources:
    print(len(dataset.cited_by(source.id)), source.outlet, source.published)
