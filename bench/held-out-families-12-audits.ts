/**
 * Compliance audits, the second family of held-out split 12 (bench/held-out-families-12.ts, which describes
 * the split and re-exports this): chat lines, ticket comments and minutes about which certification's scope
 * each product is in, who certifies each certification and when each certifier next audits us.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import {
  besideBoth,
  chat,
  longDate,
  mayShareChain,
  mention,
  minutes,
  quarter,
  shortDate,
  ticket,
  twoOf,
  when,
} from './chat-notes.ts';
import { company, people } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const productFirst = 'Rota,Payslip,Ledger,Invoice,Expense,Timesheet,Supplier,Asset,Contract'.split(',');
const productSecond = 'Builder,Viewer,Sync,Inbox,Portal,Planner,Tracker'.split(',');
const certifications =
  'ISO 27001,SOC 2 Type II,Cyber Essentials Plus,ISO 9001,PCI DSS,ISO 22301,ISO 27701,ISO 14001,TISAX'.split(',');
const bodies =
  'Hallam Assurance,Norland Audit Services,Belcastle Registrars,Quarrington Certification,Stonebridge Assurance,Wyvern Audit,Castlegate Certification,Trentham Registrars'.split(
    ',',
  );
const irishForenames = 'Aisling,Cian,Niamh,Darragh,Orla,Fionn,Saoirse,Ronan,Clodagh,Eoin,Grainne,Padraig'.split(',');
const irishSurnames = 'Keane,Moran,Duggan,Farrell,Nolan,Tierney,Cullen,Madden,Brosnan,Galvin,Hegarty'.split(',');

/**
 * Compliance audits: which certification's scope each product is in, which body certifies each
 * certification, on which day each body next audits us. Two-hop: "when are the auditors of the
 * certification covering P next on site?"; three-hop: the same for the product P is sold as an add-on to.
 */
export function complianceAudits(seed: number): HandbookSet {
  const random = seededRandom(seed * 157_103 + 83);
  const starts = distinct(random, 24, (r) => `${pick(r, productFirst)} ${pick(r, productSecond)}`);
  const firsts = distinct(random, 8, (r) => pick(r, certifications));
  const seconds = distinct(random, 7, (r) => pick(r, bodies));
  const days = distinct(random, 19, longDate);
  const staff = people(random, 10, irishForenames, irishSurnames);
  const person = () => pick(random, staff);
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, days, upstream, downstream);
  return company({
    prefix: 'audits',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: days.slice(0, 7),
    decoys: days.slice(7),
    links: [
      [
        (product, certification) =>
          minutes(random, 'Security steering', [
            `Decision: ${product} is in scope for ${certification} from ${quarter(random)}.`,
            `Action: ${mention(person())} to update the asset register.`,
          ]),
        (product, certification) =>
          ticket(
            random,
            'GRC',
            person(),
            `${product} was added to the ${certification} scope ${when(random)}. Evidence folder created.`,
          ),
        (product, certification) =>
          chat(random, [
            person(),
            `reminder that ${product} falls under ${certification} now, so no prod access without a ticket pls`,
          ]),
        (product, certification) => {
          const [asker, replier] = twoOf(random, staff);
          return chat(
            random,
            [asker, `is ${product} in the ${certification} boundary?`],
            [replier, `yes, since ${shortDate(random)}`],
          );
        },
      ],
      [
        (certification, body) =>
          ticket(
            random,
            'GRC',
            person(),
            `${certification} certificate was reissued by ${body} ${when(random)}, 3-yr cycle.`,
          ),
        (certification, body) =>
          minutes(random, 'Compliance weekly', [
            `Decision: keep ${body} as certifier for ${certification}, the other quotes were higher.`,
            `Action: ${mention(person())} to sign the ${quarter(random)} engagement letter.`,
          ]),
        (certification, body) =>
          chat(random, [
            person(),
            `${body} are the ones who sign off our ${certification}, don't email the old certifier`,
          ]),
        (certification, body) =>
          ticket(
            random,
            'GRC',
            person(),
            `${certification} audit contract handed to ${body} for next year. PO pending.`,
          ),
      ],
      [
        (body, day) =>
          chat(random, [
            person(),
            `${body} confirmed their next surveillance visit: ${day}. pls don't schedule releases that week`,
          ]),
        (body, day) =>
          minutes(random, 'Compliance weekly', [
            `Decision: ${body} on site ${day}, two days.`,
            `Action: all owners upload evidence by EOD the Friday before.`,
          ]),
        (body, day) => ticket(random, 'GRC', person(), `${body} fieldwork booked for ${day}. Status: scheduled.`),
        (body, day) =>
          chat(random, [
            person(),
            `heads up, the ${body} auditors land ${day}, ${mention(person())} has the room booked`,
          ]),
      ],
    ],
    before: [
      (product, base) =>
        chat(random, [person(), `${product} only ships as an add-on to ${base}, same tenant, same release train`]),
      (product, base) =>
        minutes(random, 'Pricing council', [
          `Decision: ${product} is sold on top of ${base} from ${quarter(random)}, no standalone SKU.`,
          `Action: ${mention(person())} to update the price list.`,
        ]),
      (product, base) =>
        ticket(random, 'PROD', person(), `${product} is packaged with ${base} as an extra module. Pricing TBC.`),
    ],
    twoHop: [
      (product) => `when do the assessors for ${product}'s framework come back?`,
      (product) => `quick one: when's the upcoming check by whoever accredits the scheme ${product} belongs to?`,
      (product) => `${product} is part of a governance programme - when's the accreditor's upcoming inspection?`,
    ],
    threeHop: [
      (product) => `${product} is bundled onto another product; when do the assessors for that one's framework return?`,
      (product) =>
        `what's the date of the next inspection by whoever accredits the scheme covering the product ${product} extends?`,
    ],
    distractors: [
      (wrong) => {
        const product = pick(random, starts);
        return chat(random, [
          person(),
          `${product} release freeze starts ${pick(random, wrong(product))}, ${mention(person())} owns comms`,
        ]);
      },
      (wrong) => {
        const product = pick(random, starts);
        const certification = pick(
          random,
          firsts.filter((other) => !chained(wrong, product, other)),
        );
        return ticket(
          random,
          'GRC',
          person(),
          `${product} was descoped from ${certification} on ${pick(random, besideBoth(wrong, product, certification))}. Exception signed ${when(random)}.`,
        );
      },
      (wrong) => {
        const certification = pick(random, firsts);
        return minutes(random, 'Compliance weekly', [
          `${certification} certificate expires ${pick(random, wrong(certification))}, renewal in hand.`,
          `Action: ${mention(person())} to check the wording on the certificate.`,
        ]);
      },
      (wrong) => {
        const body = pick(random, seconds);
        return ticket(
          random,
          'FIN',
          person(),
          `${body} invoiced us on ${pick(random, wrong(body))} for the gap assessment. Approved ${when(random)}.`,
        );
      },
      (wrong) => {
        const body = pick(random, seconds);
        const certification = pick(
          random,
          firsts.filter((other) => !chained(wrong, other, body)),
        );
        return chat(random, [
          person(),
          `${body} quoted for ${certification} too, earliest slot ${pick(random, besideBoth(wrong, body, certification))}, we stayed put`,
        ]);
      },
      (wrong) => {
        const product = pick(random, starts);
        const body = pick(
          random,
          seconds.filter((other) => !chained(wrong, product, other)),
        );
        return minutes(random, 'Sales sync', [
          `${body} asked for a demo of ${product}, booked for ${pick(random, besideBoth(wrong, product, body))}.`,
          `Action: ${mention(person())} to prepare a sandbox.`,
        ]);
      },
      (wrong) => {
        const product = pick(random, starts);
        return ticket(
          random,
          'PROD',
          person(),
          `${product} pen test report due ${pick(random, wrong(product))}. Owner on leave until then.`,
        );
      },
      (wrong) => {
        const certification = pick(random, firsts);
        return chat(random, [
          person(),
          `internal ${certification} audit moved to ${pick(random, wrong(certification))}, sorry all`,
        ]);
      },
    ],
  });
}
