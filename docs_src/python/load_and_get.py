"""Load the dataset and look at one record."""

import civicdata

dataset = civicdata.load()  # validates everything first; raises if anything is wrong
print(len(dataset), "records")

krasner = dataset.get("larry-krasner")
print(krasner.name, "-", krasner.description)
for role in krasner.roles:
    print(" ", role.title, "from", role.start or "(not given)", "to", role.end or "(open)")
