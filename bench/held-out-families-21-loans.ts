/**
 * Equipment loans, the second family of held-out split 21 (bench/held-out-families-21.ts, which describes the split
 * and re-exports this): a hospital wiki's paragraphs about which loan agreement each borrowed piece of equipment is
 * held under, which firm lends it under each agreement, and who each firm's clinical specialist for us is.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import { besideBoth } from './chat-notes.ts';
import { inTurn, proseWriters } from './held-out-families-21-notes.ts';
import { company } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const items = (
  'the bladder scanner,the syringe driver,the ceiling hoist,the pressure mattress,the feeding pump,' +
  'the vein finder,the bariatric bed,the portable ultrasound,the cough assist'
).split(',');
const wards = (
  'for the stroke ward,for the day surgery unit,in outpatients,for the hospice beds,on the renal unit,' +
  'for the maternity suite,in the discharge lounge,on the frailty unit'
).split(',');
const lenders = 'Veridian,Caldera,Northgate,Halcyon,Sterling,Aurelia,Bellmont,Corvina,Linnell,Kestrel'.split(',');
const nigerianForenames = 'Adaeze,Chinedu,Ngozi,Emeka,Funmilayo,Olumide,Yetunde,Tunde,Ifeoma,Babajide'.split(',');
const nigerianSurnames = 'Okafor,Adeyemi,Balogun,Nwosu,Ogunleye,Okonkwo,Adebayo,Chukwu,Onyekachi,Fashola'.split(',');
const asides = [
  'EBME need five working days’ notice for any electrical safety check. Their extension is on the intranet.',
  'Please clean everything with the green wipes before it goes back in the store, and tag it as clean.',
  'Faults go on the incident system first, then to the ward manager, in that order.',
  'The equipment library on level 2 is staffed from eight until four on weekdays.',
];

/**
 * Equipment loans: which loan agreement each borrowed piece of equipment is held under, which firm lends it under
 * each agreement, and who each firm's clinical specialist for us is. Two-hop: "who is our product expert at the
 * business that supplied this on hire?"; three-hop: the same for the device this one came paired with.
 */
export function equipmentLoans(seed: number): HandbookSet {
  const random = seededRandom(seed * 287_117 + 227);
  const starts = distinct(random, 24, (r) => `${pick(r, items)} ${pick(r, wards)}`);
  /** "ML-4471": four digits, so none is part of another. */
  const firsts = distinct(random, 8, (r) => `ML-${1_000 + Math.floor(r() * 9_000)}`);
  const seconds = distinct(random, 7, (r) => pick(r, lenders));
  const names = distinct(random, 19, (r) => `${pick(r, nigerianForenames)} ${pick(r, nigerianSurnames)}`);
  const loan = (code: string) => pick(random, [code, `loan ${code}`, `agreement ${code}`]);
  const firm = (name: string) => pick(random, [name, `${name} Medical`]);
  const { other, answersIn, chained, prose } = proseWriters(random, { answers: names, asides });
  return company({
    prefix: 'equipment',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: names.slice(0, 7),
    decoys: names.slice(7),
    links: [
      inTurn(random, [
        (item, code) => prose(`On the unit now: ${item}, ${loan(code)}. Stays until further notice.`),
        (item, code) =>
          prose(
            `For anyone wondering where ${item} came from — it’s borrowed, not ours! The paperwork is under ` +
              `${loan(code)}, so check before sending it anywhere.`,
          ),
        (item, code) =>
          prose(`Some of you asked about ${item}. It came to us on ${loan(code)} after the old one failed its check.`),
        (item, code) =>
          prose(
            `It should be noted that ${item} is held under ${loan(code)}, which was countersigned by the matron in January, ` +
              'and may not be moved off the unit.',
          ),
      ]),
      inTurn(random, [
        (code, name) => prose(`${code}: lent by ${firm(name)}, not ${other(seconds, name)}.`),
        (code, name) =>
          prose(
            `Under ${loan(code)} the device is provided by ${name} Medical (“the Lender”). The Lender remains ` +
              'responsible for servicing and batteries.',
          ),
        (code, name) =>
          prose(
            `Rang ${name}’s office about ${loan(code)} this morning and they’re happy to extend it ` +
              'another quarter, no charge.',
          ),
        (code, name) =>
          prose(
            `Although ${loan(code)}, which ${name} Medical (${name.charAt(0)}M) drew up, runs to the end of the ` +
              `year, ${name.charAt(0)}M will take the kit back early if asked.`,
          ),
      ]),
      inTurn(random, [
        (name, person) => prose(`${name}’s clinical specialist for us: ${person}.`),
        (name, person) =>
          prose(
            `${firm(name)} changed our account team in the spring. They have given us ${person} ` +
              'as clinical specialist.',
          ),
        (name, person) =>
          prose(
            `Clinical training on ${firm(name)} devices is delivered by ${person} (previously ${pick(random, names.slice(7))}).`,
          ),
        (name, person) =>
          prose(
            `If you need someone from ${firm(name)} to come and show new starters the kit, ask for ${person} — ` +
              'lovely, very patient.',
          ),
      ]),
    ],
    before: inTurn(random, [
      (item, host) => prose(`Remember that ${item} goes wherever ${host} goes: they were lent as a pair.`),
      (item, host) => prose(`For the record, ${item} was supplied together with ${host} and is recorded against it.`),
      (item, host) => prose(`Please don’t split ${item} from ${host}, they came as a set!`),
    ]),
    twoHop: [
      (item) => `Who is the clinical product expert at the business that supplied ${item} on hire?`,
      (item) => `Which named person from the business renting us ${item} demonstrates it to nurses?`,
      (item) => `Name the clinical adviser at the supplier renting us ${item}?`,
    ],
    threeHop: [
      (item) =>
        `There is a companion piece to ${item}: who is the product adviser at the supplier renting us that piece?`,
      (item) => `Which named person demonstrates things for the supplier of the companion piece of ${item}?`,
    ],
    distractors: [
      (wrong) => {
        const name = pick(random, seconds);
        return prose(`Complaints about ${firm(name)} go to ${pick(random, wrong(name))} in their head office.`);
      },
      (wrong) => {
        const code = pick(random, firsts);
        return prose(`The asset check on ${loan(code)} was done by ${pick(random, wrong(code))} and not signed.`);
      },
      (wrong) => {
        const item = pick(random, starts);
        return prose(
          `Records show ${item} was first requested by ${pick(random, answersIn(wrong(item)))} from the ward team.`,
        );
      },
      (wrong) => {
        const code = pick(random, firsts);
        const name = pick(
          random,
          seconds.filter((item) => !chained(wrong, code, item)),
        );
        return prose(
          `${name} quoted for taking over ${loan(code)}; ${pick(random, besideBoth(wrong, code, name))} ` +
            'sent the quote, which was not accepted.',
        );
      },
      (wrong) => {
        const item = pick(random, starts);
        const code = pick(
          random,
          firsts.filter((other) => !chained(wrong, item, other)),
        );
        return prose(
          `Please note ${item} is not covered by ${code}, as ${pick(random, besideBoth(wrong, item, code))} confirmed in writing.`,
        );
      },
      (wrong) => {
        const item = pick(random, starts);
        const name = pick(
          random,
          seconds.filter((other) => !chained(wrong, item, other)),
        );
        return prose(
          `${name} was asked about ${item} and said no; ${pick(random, besideBoth(wrong, item, name))} ` +
            'keeps the email.',
        );
      },
      (wrong) => {
        const name = pick(random, seconds);
        return prose(`${name}’s stand at the nursing conference was run by ${pick(random, answersIn(wrong(name)))}.`);
      },
    ],
  });
}
