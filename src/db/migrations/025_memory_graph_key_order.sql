-- The graph walk reads a bounded number of relations and mentions per entity (a hub must not turn one recall
-- into a scan). Without an order those were the first rows the chosen index yielded: heap order through one
-- index, target order through the unique constraint's. Which index the planner picks follows table statistics
-- that every company's rows make, so one company's recall changed with another company's data (docs/memory.md,
-- twenty-second round). With the id as the last key, the walk's `ORDER BY id LIMIT n` reads the n oldest rows
-- straight from the index, whatever else the tables hold; each new index serves everything the old one did.
CREATE INDEX memory_relations_source_ordered ON memory_relations (company_id, source_id, id);
CREATE INDEX memory_relations_target_ordered ON memory_relations (company_id, target_id, id);
CREATE INDEX memory_mentions_entity_ordered ON memory_mentions (entity_id, memory_id);
DROP INDEX memory_relations_source;
DROP INDEX memory_relations_target;
DROP INDEX memory_mentions_entity;
