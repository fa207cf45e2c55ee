import { describe, expect, it } from 'vitest';
import { extractGraphOffline } from '../../src/memory/graph/offline-extractor.ts';
import { answeredQuestion, readMail } from '../../src/memory/graph/mail-notes.ts';

const relationsOf = (text: string) =>
  extractGraphOffline(text).relations.map(({ source, relation, target }) => `${source} -${relation}-> ${target}`);
const namesOf = (text: string) => extractGraphOffline(text).entities.map(({ name }) => name);

const reply = [
  'Subject: Re: Linen for Kestrel Hall',
  'From: Ada Lark, Tue 3 May at 10:02',
  '',
  'Brightwash Laundry. They took it on in the spring.',
  '',
  'Cheers, Ada',
  '',
  'On Tue 3 May at 09:40, Omar Finch wrote:',
  '> Who washes the sheets for Kestrel Hall now?',
].join('\n');

describe('notes written as e-mails and wiki revisions (fourteenth round)', () => {
  it('states a quoted question back with the answer of the reply below it', () => {
    expect(answeredQuestion('Who washes the sheets for Kestrel Hall now?', 'Brightwash Laundry')).toBe(
      'Brightwash Laundry washes the sheets for Kestrel Hall now',
    );
    expect(answeredQuestion('What margin are we giving Pellow Books?', '52.5%')).toBe(
      '52.5% margin are we giving Pellow Books',
    );
    expect(answeredQuestion('Is the van insured?', 'Yes')).toBeUndefined();
    expect(relationsOf(reply)).toContain('Brightwash Laundry -washes sheets for-> Kestrel Hall');
  });

  it("leaves headers and sign-offs out, and reads a reply's pronoun as the quoted message's name", () => {
    const names = namesOf(reply);
    expect(names).not.toContain('Ada Lark');
    expect(names).not.toContain('Omar Finch');
    expect(names).not.toContain('Ada');
    const yes = [
      'Subject: Re: Boiler at Kestrel Hall',
      'From: Ada Lark, Tue 3 May at 10:02',
      '',
      'Yes, it is serviced by Calder Heating every spring.',
      '',
      'On Tue 3 May at 09:40, Omar Finch wrote:',
      '> Does anyone look after the boiler in Kestrel Hall?',
    ].join('\n');
    expect(relationsOf(yes)).toContain('Kestrel Hall -serviced by-> Calder Heating');
    expect(readMail(yes).text.split('\n')[0]).toBe('Boiler at Kestrel Hall');
  });

  it("reads a wiki revision's added row and not the row it replaced", () => {
    const revision = [
      'Suppliers · r412 · 2039-03-02 11:20 · Ada Lark (+31 bytes)',
      '- Brightwash Laundry | detergent: Causton Chemicals',
      '+ Brightwash Laundry | detergent: Pellow Chemicals',
      'Summary: new contract',
    ].join('\n');
    const relations = relationsOf(revision);
    expect(relations).toContain('Brightwash Laundry -detergent-> Pellow Chemicals');
    expect(relations.join(' ')).not.toContain('Causton');
    expect(namesOf(revision)).not.toContain('Ada Lark');
  });
});
