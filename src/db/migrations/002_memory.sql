-- Organisational memory (issue 3): memories with provenance and versions, recall and reinforcement
-- records, the knowledge graph (entities, relations, communities) and consolidation reports.
-- Every write from an activity carries an idempotency key under a unique constraint.

-- pgvector where the server has it (PGlite with @electric-sql/pglite-pgvector loaded, most managed
-- PostgreSQL); otherwise embeddings are stored as packed float4 in bytea and recall uses the
-- sketch scan in src/memory/vector-backend.ts. Debian's PostgreSQL has no pgvector package.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS vector;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'pgvector is available but this role may not create it; memory uses the bytea fallback';
    END;
  END IF;
END
$$;

CREATE TABLE memories (
  id                bigserial PRIMARY KEY,
  -- Idempotency key of the write (workflow id + step, or a caller's key): a retry writes nothing new.
  memory_key        text NOT NULL UNIQUE,
  company_id        text NOT NULL,
  scope             text NOT NULL CHECK (scope IN ('agent', 'department', 'company')),
  -- The agent id, department name or company id the scope refers to.
  owner_id          text NOT NULL,
  -- A named company-level memory, written with compare-and-set on its version.
  slot              text,
  category          text NOT NULL CHECK (category IN ('episodic', 'semantic', 'procedural', 'social')),
  content           text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 8000),
  importance        real NOT NULL DEFAULT 0.5 CHECK (importance >= 0 AND importance <= 1),
  reinforcement     real NOT NULL DEFAULT 0,
  reinforced_at     timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1,
  source            text NOT NULL DEFAULT 'agent' CHECK (source IN ('agent', 'operator', 'consolidation', 'compaction')),
  author_id         text NOT NULL,
  task_id           text,
  workflow_id       text,
  embedding_model   text NOT NULL,
  -- 256-bit sign sketch of the embedding (random hyperplanes): the fallback's candidate scan.
  sketch            bit(256) NOT NULL,
  search            tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
  graph_extractor   text,
  recall_count      integer NOT NULL DEFAULT 0,
  last_recalled_at  timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  archived_at       timestamptz,
  archive_reason    text,
  merged_into       bigint REFERENCES memories (id)
);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
    -- No fixed dimension: each embedding model gets its own partial HNSW index at first use.
    EXECUTE 'ALTER TABLE memories ADD COLUMN embedding vector NOT NULL';
  ELSE
    EXECUTE 'ALTER TABLE memories ADD COLUMN embedding bytea NOT NULL';
    EXECUTE 'ALTER TABLE memories ALTER COLUMN embedding SET STORAGE EXTERNAL';
  END IF;
END
$$;

-- Keep heap rows narrow (embeddings and long contents go to TOAST), so the fallback's sketch scan reads little.
ALTER TABLE memories SET (toast_tuple_target = 256);

CREATE INDEX memories_visible ON memories (company_id, scope, owner_id) WHERE archived_at IS NULL;
CREATE INDEX memories_search ON memories USING gin (search);
CREATE INDEX memories_company_created ON memories (company_id, created_at);
CREATE UNIQUE INDEX memories_slot ON memories (company_id, slot) WHERE slot IS NOT NULL AND archived_at IS NULL;
CREATE INDEX memories_graph_pending ON memories (company_id, id) WHERE graph_extractor IS NULL AND archived_at IS NULL;

-- Every version of a memory, keyed by the write that produced it: a retried compare-and-set finds its result here.
CREATE TABLE memory_revisions (
  write_key   text PRIMARY KEY,
  memory_id   bigint NOT NULL REFERENCES memories (id),
  company_id  text NOT NULL,
  version     integer NOT NULL,
  content     text NOT NULL,
  author_id   text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (memory_id, version)
);

-- Which memories a step recalled (for reinforcement and for the recall statistics).
CREATE TABLE memory_recalls (
  recall_key   text NOT NULL,
  memory_id    bigint NOT NULL REFERENCES memories (id),
  company_id   text NOT NULL,
  workflow_id  text,
  at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (recall_key, memory_id)
);

CREATE TABLE memory_reinforcements (
  reinforce_key  text NOT NULL,
  memory_id      bigint NOT NULL REFERENCES memories (id),
  company_id     text NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('approve', 'reject', 'fail')),
  delta          real NOT NULL,
  at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (reinforce_key, memory_id)
);

-- The knowledge graph: entities named in memories, relations between them, and the memories that say so.
CREATE TABLE memory_entities (
  id            bigserial PRIMARY KEY,
  company_id    text NOT NULL,
  name          text NOT NULL,
  normalized    text NOT NULL,
  kind          text NOT NULL DEFAULT 'thing',
  community_id  integer,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (company_id, normalized)
);

CREATE TABLE memory_mentions (
  memory_id   bigint NOT NULL REFERENCES memories (id),
  entity_id   bigint NOT NULL REFERENCES memory_entities (id),
  company_id  text NOT NULL,
  PRIMARY KEY (memory_id, entity_id)
);
CREATE INDEX memory_mentions_entity ON memory_mentions (entity_id);

CREATE TABLE memory_relations (
  id          bigserial PRIMARY KEY,
  company_id  text NOT NULL,
  source_id   bigint NOT NULL REFERENCES memory_entities (id),
  target_id   bigint NOT NULL REFERENCES memory_entities (id),
  relation    text NOT NULL,
  memory_id   bigint NOT NULL REFERENCES memories (id),
  UNIQUE (company_id, source_id, target_id, relation, memory_id)
);
CREATE INDEX memory_relations_source ON memory_relations (company_id, source_id);
CREATE INDEX memory_relations_target ON memory_relations (company_id, target_id);

-- Community summaries for questions about the whole company (rebuilt by consolidation).
CREATE TABLE memory_communities (
  company_id    text NOT NULL,
  community_id  integer NOT NULL,
  title         text NOT NULL,
  summary       text NOT NULL,
  entity_count  integer NOT NULL,
  memory_count  integer NOT NULL,
  summarizer    text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, community_id)
);

-- One row per consolidation run; each stage stores its result so a retried activity returns it unchanged.
CREATE TABLE memory_consolidation_runs (
  run_key      text PRIMARY KEY,
  company_id   text NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  report       jsonb
);
CREATE INDEX memory_consolidation_runs_company ON memory_consolidation_runs (company_id, started_at DESC);

CREATE TABLE memory_consolidation_stages (
  run_key  text NOT NULL,
  stage    text NOT NULL,
  result   jsonb NOT NULL,
  at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_key, stage)
);
