-- Knowledge an operator imported from files (`synthorg memory import`). Each chunk is an ordinary
-- memory; these tables remember which document and section it came from, so importing the same
-- file again changes nothing and a changed file replaces exactly its own old chunks.
CREATE TABLE memory_documents (
  company_id   text NOT NULL REFERENCES companies (id),
  -- The file's real absolute path on the machine that imported it: its identity.
  document     text NOT NULL,
  content_hash text NOT NULL,
  chunks       integer NOT NULL,
  imported_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (company_id, document)
);

CREATE TABLE memory_document_chunks (
  memory_id  bigint PRIMARY KEY REFERENCES memories (id),
  company_id text NOT NULL,
  document   text NOT NULL,
  section    text NOT NULL,
  start_line integer NOT NULL,
  end_line   integer NOT NULL,
  FOREIGN KEY (company_id, document) REFERENCES memory_documents (company_id, document)
);
CREATE INDEX memory_document_chunks_document ON memory_document_chunks (company_id, document);
