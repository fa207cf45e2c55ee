/**
 * Programme grants, the third family of held-out split 20 (bench/held-out-families-20.ts, which describes the
 * split and re-exports this): a finance team's invoices, audit findings, agendas and slides about which grant pays
 * for each of the company's programmes, which body awarded each grant, and the day each body's next claim window
 * closes.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, months, pick } from './family-draws.ts';
import { besideBoth } from './chat-notes.ts';
import { handles, inTurn, noteWriters, year } from './held-out-families-20-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const programmes = (
  'the apprentice scheme,the solar retrofit,the literacy pilot,the staff bursaries,the carbon survey,' +
  'the school outreach,the heritage trail,the coding course,the mentoring pilot'
).split(',');
const groups = (
  'for the warehouse,at the north site,for school leavers,in the old mill,for care leavers,at the depot,' +
  'for new starters,in the east wing'
).split(',');
const funders = 'Ashcombe,Wyvern,Tamar,Halcyon,Beacon,Severn,Cotswold,Pennine,Solent,Mercia'.split(',');
const welshForenames = 'Rhys,Cerys,Dafydd,Megan,Gethin,Ffion,Iwan,Sian,Owain,Nia'.split(',');
const welshSurnames = 'Jones,Evans,Pritchard,Howells,Griffiths,Vaughan,Llewellyn,Bowen,Pugh,Rees'.split(',');

/**
 * Programme grants: which grant pays for each programme, which body awarded each grant, the day each body's next
 * claim window closes. Two-hop: "by when must we next draw down from the backer of the money behind this
 * programme?"; three-hop: the same for the programme this one is charged through.
 */
export function programmeGrants(seed: number): HandbookSet {
  const random = seededRandom(seed * 283_019 + 223);
  const starts = distinct(random, 24, (r) => `${pick(r, programmes)} ${pick(r, groups)}`);
  /** "G-4417": four digits, so none is part of another. */
  const firsts = distinct(random, 8, (r) => `G-${1000 + Math.floor(r() * 9000)}`);
  const seconds = distinct(random, 7, (r) => pick(r, funders));
  /** "14 October 2046": a day from the 10th, so "4 October" is never part of "14 October", April–December. */
  const days = distinct(random, 19, (r) => `${10 + Math.floor(r() * 19)} ${pick(r, months.slice(3))} ${year}`);
  const staff = handles(random, 10, welshForenames, welshSurnames);
  const person = () => pick(random, staff);
  const grant = (code: string) => pick(random, [code, `grant ${code}`, `award ${code}`]);
  const funder = (name: string) => pick(random, [name, `the ${name} Trust`]);
  const { other, answersIn, chained, bill, finding, meetingOf, slide } = noteWriters(random, {
    answers: days,
    audit: 'Restricted funds',
    deck: 'Funded programmes update',
    meeting: 'Finance and funding group',
    billTo: 'Programmes office, Unit 2',
    person,
  });
  return company({
    prefix: 'grants',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: days.slice(0, 7),
    decoys: days.slice(7),
    links: [
      inTurn(random, [
        (programme, code) =>
          bill(
            'Greenline Training Ltd',
            [`Sessions delivered for ${programme}`, 'Materials'],
            `charge to ${grant(code)}`,
          ),
        (programme, code) =>
          finding(
            `Receipts are missing for ${programme}. It is coded to ${grant(code)}.`,
            'Grant spending needs receipts.',
            'Keep receipts with the claim.',
            'Agreed. They will be scanned monthly.',
          ),
        (programme, code) =>
          meetingOf([programme, `paid from ${grant(code)} (${other(firsts, code)} closed)`], 'Audit fee'),
        (programme, code) => slide(`Funding: ${programme}`, [grant(code), 'Match funding 20%']),
      ]),
      inTurn(random, [
        (code, name) =>
          bill('Northgate Estates Ltd', [`Quarterly drawdown, ${grant(code)}`], undefined, `${name} Trust`),
        (code, name) =>
          finding(
            `${code} was awarded by the ${name} Trust (“the Funder”).`,
            'The Funder requires match funding to be evidenced.',
            'Keep the match funding schedule with the Funder’s letter.',
            'Agreed.',
          ),
        (code, name) => meetingOf([`${name}’s awards`, `${grant(code)} only; report due with the drawdown`]),
        (code, name) => slide('Who funds what', [`${code} = ${name} (not ${other(seconds, name)})`]),
      ]),
      inTurn(random, [
        (name, day) =>
          bill('Northgate Estates Ltd', ['Drawdown, months 1–3'], `next window closes ${day}`, `${name} Trust`),
        (name, day) =>
          finding(
            `The ${name} Trust’s next claim deadline is ${day}. It is not in the finance calendar.`,
            'Funders’ deadlines belong in the finance calendar.',
            'Add it to the calendar.',
            'Agreed. Finance will diarise it.',
          ),
        (name, day) =>
          meetingOf('Bank mandate', [
            `${funder(name)} drawdown`,
            `to be in by ${day} (was ${pick(random, days.slice(7))})`,
          ]),
        (name, day) => slide('Deadlines', [`${name}: window closes ${day}`, 'Late claims roll over']),
      ]),
    ],
    before: inTurn(random, [
      (programme, host) =>
        finding(
          `Costs of ${programme} are charged through ${host}.`,
          'Each programme carries its own costs.',
          'Split the costs.',
          'Not agreed: the budgets are shared.',
        ),
      (programme, host) => meetingOf([programme, `costs go through ${host}`]),
      (programme, host) => slide('Shared budgets', [`${programme} rides on ${host}`]),
    ]),
    twoHop: [
      (programme) => `By what date should we next ask for money from the backer of the pot paying for ${programme}?`,
      (programme) => `When does the body behind the money for ${programme} stop taking requests this round?`,
      (programme) => `What is the cut-off for our next request to whoever bankrolls ${programme}?`,
    ],
    threeHop: [
      (programme) =>
        `Another initiative bankrolls ${programme}: by when should we next ask that initiative's backer for cash?`,
      (programme) => `What is the cut-off at the backer of whatever initiative ${programme} is bankrolled via?`,
    ],
    distractors: [
      (wrong) => {
        const name = pick(random, seconds);
        return slide(`The ${name} Trust`, [`office closed until ${pick(random, wrong(name))}`, 'Portal stays open']);
      },
      (wrong) => {
        const code = pick(random, firsts);
        return finding(
          `The final report for ${grant(code)} was promised for ${pick(random, wrong(code))} and has not been drafted.`,
          'Reports are due on time.',
          'Draft it now.',
          'Agreed.',
        );
      },
      (wrong) => {
        const programme = pick(random, starts);
        return meetingOf([programme, `launch event ${pick(random, answersIn(wrong(programme)))}`]);
      },
      (wrong) => {
        const code = pick(random, firsts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, code, item)),
        );
        return bill(
          'Northgate Estates Ltd',
          [`Cancelled: drawdown against ${code}`],
          `raised in error, void from ${pick(random, besideBoth(wrong, code, name))}`,
          `${name} Trust`,
        );
      },
      (wrong) => {
        const programme = pick(random, starts);
        const code = pick(
          random,
          firsts.filter((item) => !chained(wrong, programme, item)),
        );
        return slide('Bids not won', [
          `${programme} bid for ${grant(code)}`,
          `decision came ${pick(random, besideBoth(wrong, programme, code))}`,
        ]);
      },
      (wrong) => {
        const programme = pick(random, starts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, programme, item)),
        );
        return finding(
          `An application to ${funder(name)} for ${programme} was withdrawn.`,
          'Withdrawn bids are recorded.',
          `Note it; the funder’s panel had been set for ${pick(random, besideBoth(wrong, programme, name))}.`,
          'Agreed.',
        );
      },
      (wrong) => {
        const name = pick(random, seconds);
        return meetingOf([`${name}’s open day`, `held ${pick(random, answersIn(wrong(name)))}; two of us to go`]);
      },
    ],
  });
}
