/**
 * Repair workshops, the third family of held-out split 16 (bench/held-out-families-16.ts, which describes the
 * split and re-exports this): an appliance maker's after-sales team's tickets, chat, returns-portal configuration
 * commits and calendar about which partner repairs each model under warranty, which workshop each partner works
 * from, and each workshop's postcode.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { besideBoth, mayShareChain } from './chat-notes.ts';
import { calendar, commit, exchange, handles, thread, twoOf } from './held-out-families-16-notes.ts';
import type { ThreadEvent } from './held-out-families-16-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const series = 'Aria,Breva,Corso,Duetto,Estro,Forte,Giro,Lento'.split(',');
const partnerNames = 'Hartley,Bramwell,Ashcroft,Pemberton,Whitlock,Garside,Thackeray,Ormerod,Crabtree,Sutcliffe'.split(
  ',',
);
const towns = 'Kirkstall,Batley,Elland,Ossett,Shipley,Pudsey,Morley,Brighouse,Keighley,Otley'.split(',');
const germanForenames = 'Lena,Jonas,Mia,Felix,Hannah,Lukas,Clara,Paul,Emma,Moritz'.split(',');
const germanSurnames = 'Becker,Wagner,Schulz,Hoffmann,Koch,Richter,Wolf,Neumann,Braun,Zimmermann'.split(',');
/**
 * A postcode ("LS11 5QT"): two letters, then a district, a space, a digit and two letters, so a postcode can
 * only be found in another where both start, and then it is the same one.
 */
const postcode = (random: Random) =>
  `${pick(random, ['LS', 'BD', 'HX', 'WF', 'HD'])}${1 + Math.floor(random() * 29)} ${Math.floor(random() * 10)}` +
  `${pick(random, [...'ABDEFGHJLNPQRSTUWXYZ'])}${pick(random, [...'ABDEFGHJLNPQRSTUWXYZ'])}`;

/**
 * Repair workshops: which partner repairs each appliance model under warranty, which workshop each partner works
 * from, the postcode of each workshop. Two-hop: "to which postcode do I send a broken M?"; three-hop: the same
 * for the model M is a rebadged version of.
 */
export function repairWorkshops(seed: number): HandbookSet {
  const random = seededRandom(seed * 229_003 + 149);
  const starts = distinct(random, 24, (r) => `${pick(r, series)} ${100 + Math.floor(r() * 900)}`);
  // One partner or workshop per name: "Garside Technical" and "Garside Electricals" would be one firm to a reader.
  const firsts = distinct(random, 8, (r) => pick(r, partnerNames)).map(
    (name) => `${name} ${pick(random, ['Electricals', 'Technical'])}`,
  );
  const seconds = distinct(random, 7, (r) => pick(r, towns)).map(
    (town) => `${town} ${pick(random, ['Works', 'Depot'])}`,
  );
  const postcodes = distinct(random, 19, postcode);
  const staff = handles(random, 10, germanForenames, germanSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const decoy = () => pick(random, postcodes.slice(7));
  /** The values of `allowed` that answer another chain: a distractor that puts one beside a name confuses most. */
  const answersIn = (allowed: string[]) => allowed.filter((value) => postcodes.slice(0, 7).includes(value));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, postcodes, upstream, downstream);
  const said = (...texts: string[]) =>
    exchange(random, pick(random, ['aftersales', 'warranty', 'returns']), staff, ...texts);
  const ticket = (title: string, ...events: [ThreadEvent, ...ThreadEvent[]]) =>
    thread(random, 'RMA', { title, component: pick(random, ['returns', 'partners', 'portal']), events });
  return company({
    prefix: 'repairs',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: postcodes.slice(0, 7),
    decoys: postcodes.slice(7),
    links: [
      [
        (model, partner) => {
          const [one, another] = twoOf(random, staff);
          return ticket(
            `Warranty route for ${model}`,
            { by: one, says: `${model} returns go to ${other(firsts, partner)}.` },
            { by: one, moves: 'Resolved' },
            { by: another, moves: 'Reopened' },
            { by: another, says: `Not any more: ${partner} took over the ${model} contract in March.` },
            { by: another, moves: 'Resolved' },
          );
        },
        (model, partner) =>
          commit(random, {
            author: person(),
            message: 'returns portal: new routing rule',
            path: 'returns/routing.yaml',
            diff: [
              ['+', `- model: ${model}`],
              ['+', `  partner: ${partner}`],
              ['+', '  label: prepaid'],
            ],
          }),
        (model, partner) =>
          said(`customer has a dead ${model}, who fixes those?`, `${partner}; book it in through the portal.`),
        (model, partner) =>
          calendar(random, staff, {
            title: `Visit: ${partner}`,
            where: 'Their site',
            notes: `Bench audit of the ${model} jobs they do for us; bring the failure stats.`,
          }),
      ],
      [
        (partner, workshop) => said(`${partner} do all their bench work at ${workshop}.`, 'even the big units?'),
        (partner, workshop) => {
          const [one, another] = twoOf(random, staff);
          return ticket(
            `${partner} turnaround slipping`,
            { by: one, says: `Jobs at ${partner} take twelve days now.` },
            { by: another, says: `${workshop} lost two technicians; they are hiring.` },
            { by: another, moves: 'Resolved' },
          );
        },
        (partner, workshop) =>
          commit(random, {
            author: person(),
            message: `${partner} moved benches`,
            path: 'returns/partners.yaml',
            diff: [
              [' ', `${partner}:`],
              ['-', `  site: ${other(seconds, workshop)}`],
              ['+', `  site: ${workshop}`],
            ],
          }),
        (partner, workshop) =>
          calendar(random, staff, {
            title: 'Annual quality audit',
            where: workshop,
            notes: `Audit of ${partner}; sample twenty jobs.`,
          }),
      ],
      [
        (workshop, code) =>
          commit(random, {
            author: person(),
            message: 'address change',
            path: 'returns/sites.yaml',
            diff: [
              [' ', `${workshop}:`],
              ['-', `  postcode: ${decoy()}`],
              ['+', `  postcode: ${code}`],
            ],
          }),
        (workshop, code) =>
          said(`courier labels for ${workshop} keep bouncing`, `use ${code}, the other one is their PO box`),
        (workshop, code) =>
          ticket(
            `Courier can't find ${workshop}`,
            { by: person(), says: `Driver went to the old unit; the postcode of ${workshop} is ${code} now, gate 2.` },
            { by: person(), moves: 'Resolved' },
          ),
        (workshop, code) =>
          calendar(random, staff, {
            title: 'Collection run',
            where: `${workshop}, ${code}`,
            notes: 'Van leaves at eight; pallets must be wrapped.',
          }),
      ],
    ],
    before: [
      (model, original) =>
        said(`is the ${model} really just a ${original} with a new badge?`, 'yes, same board and same parts'),
      (model, original) =>
        ticket(
          `${model} parts list`,
          { by: person(), says: `${model} shares every spare with the ${original}; order those.` },
          { by: person(), moves: 'Closed' },
        ),
      (model, original) =>
        commit(random, {
          author: person(),
          message: 'alias rebadged models',
          path: 'returns/aliases.yaml',
          diff: [['+', `${model}: ${original}`]],
        }),
    ],
    twoHop: [
      (model) => `What postcode do I write on the parcel when a ${model} under guarantee needs mending?`,
      (model) => `What's the postcode of the place that mends ${model} machines under guarantee?`,
      (model) => `To which postal district do broken ${model} appliances travel for a free fix?`,
    ],
    threeHop: [
      (model) =>
        `The ${model} is a renamed copy of an older appliance; what postcode goes on the parcel when that one needs mending under guarantee?`,
      (model) =>
        `To which postal district do broken appliances travel for a free fix if they're what the ${model} copies?`,
    ],
    distractors: [
      (wrong) => {
        const partner = pick(random, firsts);
        return commit(random, {
          author: person(),
          message: `invoice address for ${partner}`,
          path: 'finance/suppliers.yaml',
          diff: [
            [' ', `${partner}:`],
            ['+', `  billing_postcode: ${pick(random, wrong(partner))}`],
          ],
        });
      },
      (wrong) => {
        const model = pick(random, starts);
        return said(
          `where are spare parts for the ${model} stocked?`,
          `central warehouse, ${pick(random, wrong(model))}`,
        );
      },
      (wrong) => {
        const workshop = pick(random, seconds);
        return ticket(
          `${workshop} closed over Christmas`,
          {
            by: person(),
            says: `Parcels for ${workshop} wait at the sorting office in ${pick(random, wrong(workshop))}.`,
          },
          { by: person(), moves: 'Closed' },
        );
      },
      (wrong) => {
        const model = pick(random, starts);
        const partner = pick(
          random,
          firsts.filter((name) => !chained(wrong, model, name)),
        );
        return calendar(random, staff, {
          title: `${partner} pitch`,
          where: `Their office, ${pick(random, besideBoth(wrong, model, partner))}`,
          notes: `They want the ${model} warranty work; we said no.`,
        });
      },
      (wrong) => {
        const partner = pick(random, firsts);
        const workshop = pick(
          random,
          seconds.filter((name) => !chained(wrong, partner, name)),
        );
        return ticket(
          `${partner} asks to rent a bench`,
          {
            by: person(),
            says: `${partner} asked for a bench at ${workshop} (${pick(random, besideBoth(wrong, partner, workshop))}); declined.`,
          },
          { by: person(), moves: 'Closed' },
        );
      },
      (wrong) => {
        const model = pick(random, starts);
        const workshop = pick(
          random,
          seconds.filter((name) => !chained(wrong, model, name)),
        );
        return said(
          `were the ${model} prototypes built at ${workshop}?`,
          `yes, back when it was at ${pick(random, besideBoth(wrong, model, workshop))}`,
        );
      },
      (wrong) => {
        const workshop = pick(random, seconds);
        return calendar(random, staff, {
          title: `Open day at ${workshop}`,
          where: `Visitor car park, ${pick(random, answersIn(wrong(workshop)))}`,
          notes: 'Bring safety shoes.',
        });
      },
    ],
  });
}
