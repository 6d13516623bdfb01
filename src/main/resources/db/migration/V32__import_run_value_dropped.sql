-- What the parts of an import stored in parts named so far is kept by the import itself, in memory,
-- as the ids of the entries (listing.NamedEntries, a compressed bitmap): a row per line here
-- made a feed's update write its whole file to learn of its difference.
drop table import_run_value;
