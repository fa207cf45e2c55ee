-- The passage walk of GraphRAG (src/memory/graph/passage-walk.ts) asks, per memory it reads, whether
-- the memory states a relation of a type the question asks for: relations by memory, not by entity.
CREATE INDEX IF NOT EXISTS memory_relations_memory ON memory_relations (memory_id);
