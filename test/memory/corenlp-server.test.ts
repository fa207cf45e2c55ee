import { describe, expect, it } from 'vitest';
import { CoreNlpError } from '../../src/memory/parser/corenlp-errors.ts';
import { startCoreNlpServer } from '../../src/memory/parser/corenlp-server.ts';

describe('the CoreNLP server process', () => {
  it('reports a start that fails with how the server ended and the last lines it wrote', async () => {
    // Java finds no CoreNLP on this class path and exits at once (no install needed for this test).
    const start = startCoreNlpServer({ classPath: '/nonexistent/corenlp.jar', annotators: ['tokenize'] });
    await expect(start).rejects.toThrow(CoreNlpError);
    await expect(start).rejects.toThrow(
      /^the CoreNLP server stopped \(exit code 1\): Error: Could not find or load main class edu\.stanford\.nlp\.pipeline\.StanfordCoreNLPServer \| Caused by: java\.lang\.ClassNotFoundException/,
    );
  }, 60_000);
});
