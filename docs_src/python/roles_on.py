"""What roles did Larry Krasner hold on the day of the 2021 primary debate?"""

import civicdata

dataset = civicdata.load()
for role in dataset.roles_on("larry-krasner", "2021-05-05"):
    organization = dataset.name_of(role.organization) if role.organization else "-"
    print(role.title, "at", organization)
