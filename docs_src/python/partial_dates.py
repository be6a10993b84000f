"""Partial dates are intervals: compare them with their methods, never as strings."""

from civicdata.dates import PartialDate

year = PartialDate.parse("2018")
day = PartialDate.parse("2018-05-01")

print("2018 as an interval:", year.first_day, "to", year.last_day)
print("is 2018 before 2018-05-01?", year.certainly_before(day))
print("does 2018 contain 2018-05-01?", year.contains(day))
print("compared as strings:", "2018" < "2018-05-01", "(meaningless)")
