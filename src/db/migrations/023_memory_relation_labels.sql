-- The distinct relation labels of each company, so the relation walk can read "relations of the types
-- the question asks" as `relation = ANY(<labels of those types>)`, an index condition, instead of a
-- regular expression evaluated on every relation of a hub entity (docs/memory.md, "Ninth round").
--
-- `typing` names the type patterns a label was matched against (a fingerprint of them, '' = not yet);
-- its rows in memory_relation_label_types are the types whose pattern its text matches under that
-- fingerprint (src/memory/graph/relation-labels.ts). A reader whose code has other patterns matches
-- such labels with the expression itself, so the labels it takes are exact whichever code typed them.

-- Writers that started before this migration finish first, and later ones wait for it: no relation is
-- written between the copy at the end and the trigger taking over.
LOCK TABLE memory_relations IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE memory_relation_labels (
  company_id  text NOT NULL,
  label       text NOT NULL,
  typing      text NOT NULL DEFAULT '',
  PRIMARY KEY (company_id, label)
);
CREATE INDEX memory_relation_labels_typing ON memory_relation_labels (company_id, typing);

CREATE TABLE memory_relation_label_types (
  company_id     text NOT NULL,
  typing         text NOT NULL,
  relation_type  text NOT NULL,
  label          text NOT NULL,
  PRIMARY KEY (company_id, typing, relation_type, label)
);

-- Every relation's label is in the table, whoever writes the relation (the write path also types its
-- new labels in the same statement; a writer of older code, or any other, gets them untyped): one
-- insert per statement, in label order so concurrent writers take the new labels' locks in one order.
CREATE FUNCTION memory_relation_labels_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO memory_relation_labels (company_id, label)
  SELECT DISTINCT company_id, relation FROM written ORDER BY company_id, relation
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER memory_relations_inserted_labels AFTER INSERT ON memory_relations
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION memory_relation_labels_written();
CREATE TRIGGER memory_relations_updated_labels AFTER UPDATE ON memory_relations
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION memory_relation_labels_written();

INSERT INTO memory_relation_labels (company_id, label)
SELECT DISTINCT company_id, relation FROM memory_relations
ON CONFLICT DO NOTHING;
