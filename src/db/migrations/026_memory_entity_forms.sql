-- Another name of an entity that shares no text with it, per company (src/memory/graph/alias-table.ts, issue 14,
-- thirty-second round): "MSCP" in one note and "Multi-Storey Car Park" in another, or 'Northgate Distribution Centre,
-- hereafter "the Shed"' and a later note's "the Shed". Each note adds the forms its own entities have — `short` an
-- initialism's letters ("mscp"), `long` a capitalised name's initials ("mscp"), `defined` the key of a short form the
-- note defines for the entity ("shed") — so the table is the same whichever order the notes were stored in. Pairs
-- are read from it at recall, where a form with two expansions in the company pairs with neither.
CREATE TABLE memory_entity_forms (
  company_id  text NOT NULL,
  form        text NOT NULL,
  side        text NOT NULL CHECK (side IN ('short', 'long', 'defined')),
  entity_id   bigint NOT NULL REFERENCES memory_entities (id),
  PRIMARY KEY (company_id, form, side, entity_id)
);
-- An entity's own forms, read for each entity the walk steps from: covering, so no heap read.
CREATE INDEX memory_entity_forms_entity ON memory_entity_forms (company_id, entity_id, side, form);
