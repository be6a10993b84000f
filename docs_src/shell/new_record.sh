civicdata new person jane-doe
