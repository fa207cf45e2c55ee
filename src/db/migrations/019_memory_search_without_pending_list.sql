-- Full-text recall reads memories_search (GIN). With GIN's default fastupdate, new entries wait in a
-- pending list (up to gin_pending_list_limit, 4 MB) that every search scans linearly until a vacuum
-- merges it; PGlite runs no autovacuum, so the list stayed full and each recall's text query read some
-- 480 pages of it (10,000 memories: p50 83 → 32 ms once merged, docs/memory.md). Entries now go
-- straight into the index; what is pending is merged once here.
ALTER INDEX memories_search SET (fastupdate = off);
SELECT gin_clean_pending_list('memories_search'::regclass);
