/**
 * The thirteenth session round's held-out split for GraphRAG: three multi-hop families written and committed
 * by an engineer who did not tune that round's ranking, before any figure was taken on them, and measured
 * once. Split 11 read like a handbook; this one reads like the record a team leaves while it works:
 * meeting minutes ("Decision: …", "Action: @name …"), ticket comments and chat lines (bench/chat-notes.ts),
 * with abbreviations (req, JD, EOD, TBC, PO, w/c, Q3), passive links ("the wave was handed to …"),
 * relative dates beside absolute ones, and links stated with verbs no earlier split used. The chains are
 * new (a job opening → the recruiter working it → the recruitment agency that recruiter is contracted
 * through → the fee that agency charges per hire; a product → the certification whose scope it is in →
 * the body that certifies it → the day of that body's next audit; a shop → the till-rollout wave it is
 * in → the installer fitting that wave → the installer's site lead), the answers are of three kinds (an
 * amount, a date, a person), questions are asked as in a chat, and half of each company's notes are
 * distractors that put a named entity or a bridge beside a wrong value of the asked kind, often with
 * another entity of the chain in another relation ("pitched for … but lost it", "left … in Q2").
 * Each question carries its chain of entity names, so the data can be checked
 * (test/memory/held-out-families-12.test.ts) without running recall.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import {
  besideBoth,
  chat,
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

export type { HandbookSet } from './handbook-company.ts';
// The second and third families are in their own modules only to keep each file short.
export { complianceAudits } from './held-out-families-12-audits.ts';
export { tillRollouts } from './held-out-families-12-tills.ts';

const levels = 'Junior,Senior,Lead,Principal,Staff'.split(',');
const jobs =
  'Buyer,Payroll Analyst,Data Engineer,Field Technician,Site Planner,Credit Controller,Brand Designer,Warehouse Supervisor,Tax Accountant,QA Engineer'.split(
    ',',
  );
const agencies =
  'Hirewell Partners,Brightpath Talent,Lockhart Search,Pinewood Recruitment,Quarry Street Talent,Meadowlark Search,Tern Resourcing,Halyard People,Oakum Talent'.split(
    ',',
  );
const nordicForenames = 'Ola,Sanna,Jarle,Ingrid,Mikael,Tove,Anders,Linnea,Petra,Emil,Hedda,Viggo,Runa,Kasper'.split(
  ',',
);
const nordicSurnames = 'Brandt,Solberg,Aasen,Holm,Vik,Dahl,Berge,Strand,Moe,Eide,Foss,Lie,Haugen,Rud'.split(',');
const euros = (random: Random) => `€${6 + Math.floor(random() * 22)},${pick(random, ['000', '250', '500', '750'])}`;

/**
 * Agency hiring: which recruiter works each open role, which agency each recruiter is contracted through,
 * what each agency charges per hire. Two-hop: "what does the agency of the recruiter on the R req charge
 * per hire?"; three-hop: the same for the role whose shortlist R's search reuses.
 */
export function agencyHiring(seed: number): HandbookSet {
  const random = seededRandom(seed * 151_007 + 79);
  const starts = distinct(random, 24, (r) => `${pick(r, levels)} ${pick(r, jobs)}`);
  const everyone = people(random, 18, nordicForenames, nordicSurnames);
  const firsts = everyone.slice(0, 8);
  const staff = everyone.slice(8);
  const seconds = distinct(random, 7, (r) => pick(r, agencies));
  const amounts = distinct(random, 19, euros);
  const person = () => pick(random, staff);
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, amounts, upstream, downstream);
  return company({
    prefix: 'hiring',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: amounts.slice(0, 7),
    decoys: amounts.slice(7),
    links: [
      [
        (role, recruiter) =>
          minutes(random, 'Hiring sync', [
            `Decision: the ${role} req was handed to ${recruiter}.`,
            `Action: ${mention(person())} to send over the JD by EOD.`,
          ]),
        (role, recruiter) =>
          chat(random, [
            person(),
            `fyi ${recruiter} picked up the ${role} req ${when(random)}, first CVs due next week`,
          ]),
        (role, recruiter) =>
          ticket(random, 'HR', person(), `${role} req is now being worked by ${recruiter}. Interview panel TBC.`),
        (role, recruiter) =>
          chat(random, [
            person(),
            `@${recruiter} is sourcing for ${role} from ${shortDate(random)}, pls cc them on referrals`,
          ]),
      ],
      [
        (recruiter, agency) =>
          ticket(
            random,
            'VEND',
            person(),
            `${recruiter} confirmed they are contracted through ${agency}. PSL entry renewed ${when(random)}.`,
          ),
        (recruiter, agency) =>
          minutes(random, 'Supplier review', [
            `${agency}: our account is run by ${recruiter}, response times OK.`,
            `Action: ${mention(person())} chase the ${quarter(random)} stats.`,
          ]),
        (recruiter, agency) =>
          chat(random, [
            person(),
            `heads up, ${recruiter}'s emails come from ${agency} now. Update the contact sheet pls`,
          ]),
        (recruiter, agency) => {
          const [asker, replier] = twoOf(random, staff);
          return chat(
            random,
            [asker, `who placed the last two analysts?`],
            [replier, `${recruiter}, the ${agency} one`],
          );
        },
      ],
      [
        (agency, amount) =>
          minutes(random, 'Talent budget review', [
            `Decision: ${agency} fee agreed at ${amount} flat per placement (not a % of salary).`,
            `Action: ${mention(person())} to file the signed terms.`,
          ]),
        (agency, amount) =>
          ticket(
            random,
            'PO',
            person(),
            `PO raised for ${agency}: ${amount} per placement, payable 30 days after start date.`,
          ),
        (agency, amount) =>
          chat(random, [
            person(),
            `${agency} came back ${when(random)}: ${amount} a head, no rebate after 3 months. ugh`,
          ]),
        (agency, amount) =>
          ticket(
            random,
            'FIN',
            person(),
            `Invoices from ${agency} are billed at ${amount} per new starter, per the ${quarter(random)} terms.`,
          ),
      ],
    ],
    before: [
      (role, source) =>
        chat(random, [
          person(),
          `for ${role} we're reusing the silver medallists from the ${source} search, saves a month`,
        ]),
      (role, source) =>
        minutes(random, 'Hiring sync', [
          `Decision: ${role} draws on the ${source} shortlist first; only go external if nobody fits.`,
          `Action: ${mention(person())} to re-contact the candidates.`,
        ]),
      (role, source) =>
        ticket(
          random,
          'HR',
          person(),
          `${role}: candidates were pulled across from the ${source} pipeline ${when(random)}.`,
        ),
    ],
    twoHop: [
      (role) => `what's the agency fee when the headhunter on ${role} fills a seat?`,
      (role) => `quick q: how much does the firm behind whoever is filling ${role} charge us for each person it lands?`,
      (role) => `${role} opening - what do we pay the headhunter's company every time they land someone?`,
    ],
    threeHop: [
      (role) =>
        `${role} is borrowing names from a different opening; what's the agency fee when that opening's headhunter fills a seat?`,
      (role) =>
        `${role} took over the leftovers of another vacancy - what does the headhunter's firm on that one bill each time they land someone?`,
    ],
    distractors: [
      (wrong) => {
        const role = pick(random, starts);
        return chat(random, [
          person(),
          `${role} req got a relocation budget of ${pick(random, wrong(role))} signed off ${when(random)}`,
        ]);
      },
      (wrong) => {
        const role = pick(random, starts);
        const agency = pick(
          random,
          seconds.filter((other) => !chained(wrong, role, other)),
        );
        return ticket(
          random,
          'HR',
          person(),
          `${agency} pitched for the ${role} req but lost it. Their quote was ${pick(random, besideBoth(wrong, role, agency))}.`,
        );
      },
      (wrong) => {
        const recruiter = pick(random, firsts);
        return minutes(random, 'Hiring sync', [
          `${recruiter} claimed ${pick(random, wrong(recruiter))} in travel for the ${quarter(random)} assessment day.`,
          `Action: ${mention(person())} to approve.`,
        ]);
      },
      (wrong) => {
        const agency = pick(random, seconds);
        return chat(random, [
          person(),
          `${agency} sent a credit note for ${pick(random, wrong(agency))} after the no-show ${when(random)}`,
        ]);
      },
      (wrong) => {
        const recruiter = pick(random, firsts);
        const agency = pick(
          random,
          seconds.filter((other) => !chained(wrong, recruiter, other)),
        );
        return chat(random, [
          person(),
          `${recruiter} used to be at ${agency}, they charged us ${pick(random, besideBoth(wrong, recruiter, agency))} back then`,
        ]);
      },
      (wrong) => {
        const role = pick(random, starts);
        return ticket(
          random,
          'FIN',
          person(),
          `${role}: job board ads came to ${pick(random, wrong(role))} in ${quarter(random)}. Coded to the hiring cost centre.`,
        );
      },
      (wrong) => {
        const agency = pick(random, seconds);
        return minutes(random, 'Supplier review', [
          `${agency} offered a ${pick(random, wrong(agency))} retainer for volume roles.`,
          `Decision: not now, revisit in ${quarter(random)}.`,
        ]);
      },
      (wrong) => {
        const role = pick(random, starts);
        const recruiter = pick(
          random,
          firsts.filter((other) => !chained(wrong, role, other)),
        );
        return chat(random, [
          person(),
          `${recruiter} turned down the ${role} req, said a cap of ${pick(random, besideBoth(wrong, role, recruiter))} is too low`,
        ]);
      },
    ],
  });
}
