/**
 * Purchase sign-offs, the third family of held-out split 17 (bench/held-out-families-17.ts, which describes the
 * split and re-exports this): a finance team's purchase orders, month-end checklists, finance-system release notes
 * and voice memos about which cost centre each thing the site pays for is charged to, who holds the budget of each
 * cost centre, and how much each budget holder may sign off alone.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import { besideBoth, mayShareChain } from './chat-notes.ts';
import { checklist, filler, handles, purchaseOrder, releaseNotes, voiceMemo } from './held-out-families-17-notes.ts';
import type { CheckItem, OrderLine, ReleaseSection } from './held-out-families-17-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const services = (
  'the window cleaning,the forklift hire,the coffee machine lease,the first-aid training,the pest control,' +
  'the skip hire,the uniform laundry,the photocopier lease,the night patrols,the gritting,the staff minibus,' +
  'the water coolers,the racking inspection,the shredding service'
).split(',');
const sites = 'for unit 3,for the cold store,for the main office,for the yard,at the annexe'.split(',');
const nigerianForenames = 'Ngozi,Tunde,Chiamaka,Emeka,Folake,Segun,Amaka,Obinna,Kelechi,Bisola'.split(',');
const nigerianSurnames = 'Okafor,Adeyemi,Balogun,Nwosu,Okonkwo,Afolabi,Chukwu,Ibekwe,Oyelaran,Adebayo'.split(',');
const welshForenames = 'Rhys,Cerys,Dafydd,Sian,Gareth,Nia,Owain,Bethan,Iwan,Carys'.split(',');
const welshSurnames = 'Jones,Evans,Griffiths,Hughes,Lloyd,Powell,Pritchard,Vaughan,Rees,Bowen'.split(',');
const serviceSuppliers = ['Apex Facilities', 'Greenway Services', 'Clearview Contracts'];

/**
 * Purchase sign-offs: which cost centre each thing the site pays for is charged to, who holds the budget of each
 * cost centre, and each holder's sign-off limit. Two-hop: "how big a bill may the owner of the budget paying for
 * this approve alone?"; three-hop: the same for the contract this one was added to as a variation.
 */
export function purchaseSignoffs(seed: number): HandbookSet {
  const random = seededRandom(seed * 239_017 + 157);
  const starts = distinct(random, 24, (r) => `${pick(r, services)} ${pick(r, sites)}`);
  // A cost centre is its number; the notes write "CC-4410", "cost centre 4410" or the bare number.
  const firsts = distinct(
    random,
    8,
    (r) => `${3 + Math.floor(r() * 6)}${Math.floor(r() * 10)}${Math.floor(r() * 10)}0`,
  );
  // A budget holder is their surname; the notes write the full name, the initial and surname, or the surname.
  const seconds = distinct(random, 7, (r) => pick(r, nigerianSurnames));
  const forename = new Map(seconds.map((surname) => [surname, pick(random, nigerianForenames)]));
  const fullName = (surname: string) => `${forename.get(surname) ?? ''} ${surname}`;
  const initialled = (surname: string) => `${(forename.get(surname) ?? '').charAt(0)}. ${surname}`;
  const anyName = (surname: string) => pick(random, [surname, fullName(surname), initialled(surname)]);
  /** A sign-off limit ("£4,500"): always four digits, so none is part of another. */
  const limits = distinct(random, 19, (r) => `£${1 + Math.floor(r() * 9)},${Math.floor(r() * 10)}00`);
  const staff = handles(random, 10, welshForenames, welshSurnames);
  const person = () => pick(random, staff);
  const um = () => filler(random);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const answersIn = (allowed: string[]) => allowed.filter((value) => limits.slice(0, 7).includes(value));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, limits, upstream, downstream);
  const finance = (...bullets: (readonly [ReleaseSection, string])[]) =>
    releaseNotes(random, { tool: 'Spendwise', major: 2, bullets });
  const memo = (...lines: string[]) => voiceMemo(random, { by: person(), lines });
  const review = (round: string, ...items: CheckItem[]) =>
    checklist(random, { round, place: 'finance office', by: person(), items });
  const order = (lines: OrderLine[], ...fields: [string, string][]) =>
    purchaseOrder(random, { by: person(), supplier: pick(random, serviceSuppliers), lines, fields });
  const month = () => pick(random, ['March', 'June', 'September', 'December']);
  return company({
    prefix: 'signoffs',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: limits.slice(0, 7),
    decoys: limits.slice(7),
    links: [
      [
        (service, centre) =>
          order(
            [{ quantity: 1, item: `quarterly invoice, ${service}, to ${month()}`, service: true }],
            ['Cost centre', centre],
          ),
        (service, centre) =>
          finance(['Changed', `Invoices for ${service} now post to CC-${centre}, not CC-${other(firsts, centre)}.`]),
        (service, centre) =>
          review('month-end accruals', { done: `${service} accrued to ${centre}` }, { done: 'bank reconciled' }),
        (service, centre) => memo(`${um()} ${service}`, `that's charged to, ${um()} cost centre ${centre}, not ours`),
      ],
      [
        (centre, holder) =>
          order(
            [{ quantity: 1 + Math.floor(random() * 4), item: 'safety boots' }],
            ['Cost centre', `CC-${centre}`],
            ['Approver', fullName(holder)],
          ),
        (centre, holder) =>
          finance([
            'Changed',
            `Approver for cost centre ${centre} is now ${anyName(holder)} (was ${fullName(other(seconds, holder))}).`,
          ]),
        (centre, holder) =>
          review('budget owner review', { done: `CC-${centre}: owner confirmed as ${initialled(holder)}` }),
        (centre, holder) => memo(`${centre}, I always forget whose that is`, `${um()} it's ${holder}'s budget`),
      ],
      [
        (holder, limit) =>
          order(
            [{ quantity: 1, item: 'annual software renewal', service: true }],
            ['Budget holder', fullName(holder)],
            ['Status', `within ${holder}'s ${limit} limit for one signature`],
          ),
        (holder, limit) =>
          finance(['Changed', `${anyName(holder)}'s limit for signing on their own raised to ${limit}.`]),
        (holder, limit) =>
          review('delegated authority review', { done: `${anyName(holder)}: ${limit}, signed copy on file` }),
        (holder, limit) =>
          memo(`${um()} ${holder} can sign up to ${limit} on their own`, 'above that it goes to the FD'),
      ],
    ],
    before: [
      (service, main) =>
        order(
          [{ quantity: 1, item: `first quarter, ${service}`, service: true }],
          ['Note', `variation to the contract for ${main}`],
        ),
      (service, main) => finance(['Added', `Contract variations: ${service} now hangs off the contract for ${main}.`]),
      (service, main) => memo(`${service}`, `${um()} it's not its own contract, it was tacked onto ${main}`),
    ],
    twoHop: [
      (service) => `What is the biggest bill the person whose pot of money pays for ${service} can approve alone?`,
      (service) =>
        `How large a bill can whoever holds the purse strings paying for ${service} pass without a second name?`,
      (service) => `Up to what sum can the manager of the money paying for ${service} approve by themselves?`,
    ],
    threeHop: [
      (service) => `Which sum can whoever manages the money behind the deal that ${service} extends approve alone?`,
      (service) =>
        `How big a bill may whoever funds the principal agreement ${service} belongs to pass without a second name?`,
    ],
    distractors: [
      (wrong) => {
        const holder = pick(random, seconds);
        return memo(`${anyName(holder)}'s travel budget for the year is ${pick(random, wrong(holder))}`, `${um()} fyi`);
      },
      (wrong) => {
        const centre = pick(random, firsts);
        return review('month-end accruals', {
          done: `CC-${centre} spend to date ${pick(random, answersIn(wrong(centre)))}`,
        });
      },
      (wrong) => {
        const service = pick(random, starts);
        return order(
          [{ quantity: 1, item: `renewal, ${service}`, service: true }],
          ['Note', `last year's total was ${pick(random, wrong(service))}`],
        );
      },
      (wrong) => {
        const centre = pick(random, firsts);
        const holder = pick(
          random,
          seconds.filter((name) => !chained(wrong, centre, name)),
        );
        return finance([
          'Changed',
          `${anyName(holder)} can now view reports for CC-${centre}; alerts above ${pick(random, besideBoth(wrong, centre, holder))}.`,
        ]);
      },
      (wrong) => {
        const service = pick(random, starts);
        const centre = pick(
          random,
          firsts.filter((name) => !chained(wrong, service, name)),
        );
        return review('month-end accruals', {
          open: service,
          found: `a ${pick(random, besideBoth(wrong, service, centre))} quote was coded to ${centre} in error, moved`,
        });
      },
      (wrong) => {
        const service = pick(random, starts);
        const holder = pick(
          random,
          seconds.filter((name) => !chained(wrong, service, name)),
        );
        return memo(
          `${anyName(holder)} asked about ${service}`,
          `${um()} the quote was ${pick(random, besideBoth(wrong, service, holder))}, not their call though`,
        );
      },
      (wrong) => {
        const holder = pick(random, seconds);
        return order(
          [{ quantity: 1, item: 'team away day', service: true }],
          ['Approver', fullName(holder)],
          ['Note', `budget left for the quarter: ${pick(random, answersIn(wrong(holder)))}`],
        );
      },
    ],
  });
}
