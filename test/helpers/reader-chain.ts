import type { Pool } from 'pg';
import { loadConfig } from '../../src/config/env.ts';
import { createOfflineEmbedder } from '../../src/memory/embedding/offline-embedder.ts';
import { openMemoryContext, type MemoryContext } from '../../src/memory/memory-context.ts';
import { remember } from '../../src/memory/memory-store.ts';
import { createBridgeReader } from '../../src/memory/reader/bridge-reader.ts';
import { addCompany } from '../money/money-fixtures.ts';

/**
 * A ticket chain written for the reader walk's tests (ticket → service → team → on-call person), among notes of
 * other tickets and teams; from no bench family.
 */
export const readerChain = {
  ticket: 'Customers saw blank pages for an hour. We traced tkt-7469 to ledger-sync and rolled it back.',
  owner: 'ledger-sync belongs to the Heron Crew.',
  oncall: 'If the Heron Crew has to be woken up, ring Isolde Sinclair.',
  others: [
    'tkt-7469 was reopened twice by the night shift.',
    'We traced tkt-5313 to invoice-relay and patched it.',
    'invoice-relay belongs to the Otter Squad.',
    'This week the Otter Squad pager is carried by Wenonah Gustafsson.',
    'quota-keeper belongs to the Marten Group.',
    'If the Marten Group has to be woken up, ring Vasco Delacourt.',
    'The Falcon Cell moved its stand-up to Tuesdays.',
  ],
  question: 'tkt-7469 points at some component; which person carries the pager for the people responsible for it?',
  /** The names the chain continues through, in order. */
  bridges: ['ledger-sync', 'Heron Crew'],
};

/** The chain's notes by key (`ticket`, `owner`, `oncall`, `other0` …). */
export function readerChainNotes(): Record<string, string> {
  return {
    ticket: readerChain.ticket,
    owner: readerChain.owner,
    oncall: readerChain.oncall,
    ...Object.fromEntries(readerChain.others.map((text, index) => [`other${index}`, text])),
  };
}

/**
 * A memory context on `pool` whose reader model is an OpenAI-compatible server at `baseURL` (a scripted stub), with
 * `notes` remembered as one company's notes; `ids` receives each note's id by key. The reader is `model`: through
 * the OpenAI provider by default, or `openai-compatible:…` (the AI SDK provider `local:` models use).
 */
export async function readerStore(
  pool: Pool,
  baseURL: string,
  companyId: string,
  notes: Record<string, string>,
  ids: Record<string, number>,
  model = 'openai:gpt-4.1-mini',
): Promise<MemoryContext> {
  const config = loadConfig({
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: baseURL,
    SYNTHORG_OPENAI_COMPATIBLE_BASE_URL: baseURL,
    // An OpenAI-compatible model has no listed price: one is configured, as an operator would.
    ...(model.startsWith('openai-compatible:') ? { SYNTHORG_MODEL_PRICES: `${model}=0.1/0.4` } : {}),
  });
  const context: MemoryContext = {
    ...(await openMemoryContext(pool, createOfflineEmbedder(), config.modelPrices)),
    reader: createBridgeReader(model, config),
  };
  await addCompany(pool, companyId, 100);
  for (const [key, content] of Object.entries(notes)) {
    const stored = await remember(context, {
      key,
      companyId,
      scope: 'company',
      ownerId: companyId,
      authorId: 't',
      content,
    });
    ids[key] = stored.id;
  }
  return context;
}
