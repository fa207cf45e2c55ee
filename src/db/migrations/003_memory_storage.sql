-- Organisational memory, storage tuning (issue 3). 002 set toast_tuple_target = 256 to keep heap
-- rows narrow for the fallback's sketch scan, but that also moved `content` and the `search`
-- tsvector out of line, so full-text ranking and row fetches detoasted every candidate. At 1024
-- only the embedding (the widest column, stored out of line without compression) leaves the row.
ALTER TABLE memories SET (toast_tuple_target = 1024);
