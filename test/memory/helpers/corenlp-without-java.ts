/**
 * Asks for the CoreNLP install with the PATH the caller gave (parser-extraction.test.ts gives one without Java) and
 * writes the error's message to stderr, exit code 1.
 */
import { loadConfig } from '../../../src/config/env.ts';
import { ensureCoreNlp } from '../../../src/memory/parser/corenlp-install.ts';

try {
  await ensureCoreNlp(loadConfig({}));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
