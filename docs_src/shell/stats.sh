civicdata stats
