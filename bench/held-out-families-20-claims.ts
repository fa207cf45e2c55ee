/**
 * Insurance claims, the second family of held-out split 20 (bench/held-out-families-20.ts, which describes the
 * split and re-exports this): a risk team's invoices, audit findings, agendas and slides about which insurance
 * claim each incident is under, which loss adjusters each claim went to, and who our adjuster is at each firm.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import { besideBoth } from './chat-notes.ts';
import { handles, inTurn, noteWriters } from './held-out-families-20-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const incidents = (
  'the burst pipe,the roof leak,the forklift collision,the stolen laptops,the smoke damage,the flooded lift pit,' +
  'the broken shutter,the van break-in,the storm damage'
).split(',');
const places = (
  'in the basement archive,at the loading bay,in the east stairwell,at the canteen,in the plant room,' +
  'at the north gate,in the server room,at the showroom'
).split(',');
const adjusters = 'Whitcombe,Harcourt,Linley,Prestwick,Fairbairn,Ogilvy,Rowntree,Kingsmill,Ashdown,Calloway'.split(',');
const polishForenames = 'Ewa,Jakub,Katarzyna,Piotr,Agnieszka,Marek,Joanna,Pawel,Magdalena,Krzysztof'.split(',');
const polishSurnames = 'Nowak,Wozniak,Mazur,Krawczyk,Zielinski,Szymczak,Dudek,Jablonski,Pawlak,Michalak'.split(',');
const japaneseForenames = 'Haruto,Yui,Sota,Aoi,Ren,Hina,Kaito,Mei,Riku,Sakura'.split(',');
const japaneseSurnames = 'Sato,Suzuki,Takahashi,Tanaka,Watanabe,Ito,Yamamoto,Nakamura,Kobayashi,Kato'.split(',');

/**
 * Insurance claims: which claim each incident is under, which loss adjusters each claim went to, and who our
 * adjuster is at each firm. Two-hop: "who looks after us at the assessors valuing the payout for this event?";
 * three-hop: the same for the event this one was bundled into.
 */
export function insuranceClaims(seed: number): HandbookSet {
  const random = seededRandom(seed * 281_033 + 211);
  const starts = distinct(random, 24, (r) => `${pick(r, incidents)} ${pick(r, places)}`);
  /** "CLM-40718": five digits, so none is part of another. */
  const firsts = distinct(random, 8, (r) => `CLM-${40_000 + Math.floor(r() * 50_000)}`);
  const seconds = distinct(random, 7, (r) => pick(r, adjusters));
  const names = distinct(random, 19, (r) => `${pick(r, polishForenames)} ${pick(r, polishSurnames)}`);
  const staff = handles(random, 10, japaneseForenames, japaneseSurnames);
  const person = () => pick(random, staff);
  const claim = (ref: string) => pick(random, [ref, `claim ${ref}`, `our ref ${ref}`]);
  const firm = (name: string) => pick(random, [name, `${name} Loss Adjusters`, `${name} LA`]);
  const { other, answersIn, chained, bill, finding, meetingOf, slide } = noteWriters(random, {
    answers: names,
    audit: 'Claims handling',
    deck: 'Risk committee pack',
    meeting: 'Health, safety and risk committee',
    billTo: 'Risk team, head office',
    person,
  });
  return company({
    prefix: 'claims',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: names.slice(0, 7),
    decoys: names.slice(7),
    links: [
      inTurn(random, [
        (incident, ref) =>
          bill('Dryfast Restoration Ltd', [`Drying equipment hire: ${incident}`], `insurer’s reference: ${claim(ref)}`),
        (incident, ref) =>
          finding(
            `Damage from ${incident} was reported 41 days late. It was logged under ${claim(ref)}.`,
            'Incidents must be reported to the insurer within 14 days.',
            'Log losses within a week and keep the photographs.',
            'Agreed. The site managers have been reminded.',
          ),
        (incident, ref) => meetingOf([incident, `${claim(ref)} open, photographs sent`], 'Fire drill dates'),
        (incident, ref) =>
          slide('Open claims', [`${incident} → ${ref}`, 'Excess £1,000 each'], 'It is the largest this year.'),
      ]),
      inTurn(random, [
        (ref, name) => bill(`${name} Loss Adjusters`, [`Site inspection, ${claim(ref)}`, 'Mileage']),
        (ref, name) =>
          finding(
            `${claim(ref)} was passed to ${name} Loss Adjusters (“the Adjuster”).`,
            'The Adjuster must acknowledge a claim within two working days.',
            'Chase the Adjuster after two days without word.',
            'Agreed.',
          ),
        (ref, name) => meetingOf([claim(ref), `now with ${firm(name)}, not ${other(seconds, name)}`]),
        (ref, name) => slide(ref, [`inspected by ${name}’s team`, 'Reserve set']),
      ]),
      inTurn(random, [
        (name, adjuster) =>
          bill(`${name} Loss Adjusters`, ['Desk review'], `queries to ${adjuster}, our adjuster on your account`),
        (name, adjuster) =>
          finding(
            `${name} LA changed the adjuster on our account to ${adjuster}. Nobody told the sites.`,
            'Contacts for open claims must be kept up to date.',
            'Update the claims contact sheet.',
            'Agreed. They have been added to the sheet.',
          ),
        (name, adjuster) =>
          meetingOf([`${name}’s adjuster`, `${adjuster} from now on (was ${pick(random, names.slice(7))})`]),
        (name, adjuster) => slide('Who to call', [`${name} Loss Adjusters: ${adjuster}`, 'Broker: see page 2']),
      ]),
    ],
    before: inTurn(random, [
      (incident, host) =>
        finding(
          `Losses from ${incident} are being claimed together with ${host}.`,
          'One loss, one claim.',
          'Keep the two sets of costs apart in the records.',
          'Agreed.',
        ),
      (incident, host) => meetingOf([incident, `folded into ${host}`]),
      (incident, host) => slide('Combined losses', [`${incident} added to ${host}`]),
    ]),
    twoHop: [
      (incident) => `Who is our named person at the outfit assessing the insurance case for ${incident}?`,
      (incident) => `Which individual deals with us at the assessors appointed on the case for ${incident}?`,
      (incident) => `Name the assessor we deal with at the company valuing the insurance payout for ${incident}?`,
    ],
    threeHop: [
      (incident) => `Another event's file took in ${incident}: who deals with us at the assessors on that file?`,
      (incident) =>
        `Which individual at the assessing company deals with us on the insurance event ${incident} was merged into?`,
    ],
    distractors: [
      (wrong) => {
        const name = pick(random, seconds);
        return slide(`${name} Loss Adjusters`, [`complaints to ${pick(random, wrong(name))}`, 'Response in 8 weeks']);
      },
      (wrong) => {
        const ref = pick(random, firsts);
        return finding(
          `The photographs for ${claim(ref)} were taken by ${pick(random, wrong(ref))} and not dated.`,
          'Evidence must be dated.',
          'Date all photographs.',
          'Agreed.',
        );
      },
      (wrong) => {
        const incident = pick(random, starts);
        return meetingOf([incident, `first reported by ${pick(random, answersIn(wrong(incident)))}`]);
      },
      (wrong) => {
        const ref = pick(random, firsts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, ref, item)),
        );
        return bill(
          `${name} Loss Adjusters`,
          [`Quote only: review of ${claim(ref)}`],
          `quoted by ${pick(random, besideBoth(wrong, ref, name))}; not taken up`,
        );
      },
      (wrong) => {
        const incident = pick(random, starts);
        const ref = pick(
          random,
          firsts.filter((item) => !chained(wrong, incident, item)),
        );
        return slide('Rejected links', [
          `${incident} is not part of ${ref}`,
          `checked by ${pick(random, besideBoth(wrong, incident, ref))}`,
        ]);
      },
      (wrong) => {
        const incident = pick(random, starts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, incident, item)),
        );
        return finding(
          `${name} was asked about ${incident} and declined it.`,
          'Declined instructions must be recorded.',
          'Record them.',
          `Agreed; ${pick(random, besideBoth(wrong, incident, name))} will keep the record.`,
        );
      },
      (wrong) => {
        const name = pick(random, seconds);
        return meetingOf([`${name}’s training offer`, `run by ${pick(random, answersIn(wrong(name)))}`]);
      },
    ],
  });
}
