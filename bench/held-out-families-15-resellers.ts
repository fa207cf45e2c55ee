/**
 * Reseller funds, the second family of held-out split 15 (bench/held-out-families-15.ts, which describes the
 * split and re-exports this): a software vendor's sales team's transcripts, decision log and CRM records about
 * which reseller each customer account buys through, which partner tier each reseller is in, and the yearly
 * co-marketing fund each tier gets.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, months, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { besideBoth, mayShareChain } from './chat-notes.ts';
import { alternating, decision, record, transcript } from './held-out-families-15-notes.ts';
import { company, people } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const places = 'Brantwood,Kellow,Ashby,Marston,Tilbury,Grennock,Hawley,Orrin,Pellham,Rydal,Selby,Wexcombe'.split(',');
const trades = 'Dairies,Foods,Logistics,Textiles,Pharma,Builders,Hotels,Motors'.split(',');
const resellerWords = 'Kestrel,Bluepeak,Northgate,Ironbark,Clearwater,Tidewell,Brightline,Oakridge'.split(',');
const tiers = 'Gold,Silver,Platinum,Bronze,Select,Premier,Elite,Advanced,Registered'.split(',');
const swedishForenames = 'Elin,Johan,Linnea,Oskar,Sofia,Gustav,Maja,Erik,Ebba,Viktor,Saga,Nils'.split(',');
const swedishSurnames = 'Lindberg,Andersson,Bergström,Nyström,Holmberg,Sandberg,Lundqvist,Ekström,Forsberg'.split(',');
/** A sum of money ("£45,500"): always two digits of thousands, so no sum is part of another. */
const pounds = (random: Random) => `£${10 + Math.floor(random() * 90)},${pick(random, ['000', '500'])}`;

/**
 * Reseller funds: which reseller each customer account buys through, which partner tier each reseller is in,
 * the co-marketing fund each tier gets a year. Two-hop: "how much can the dealer serving A spend on joint
 * promotion each year?"; three-hop: the same for the group that owns A.
 */
export function resellerFunds(seed: number): HandbookSet {
  const random = seededRandom(seed * 211_013 + 131);
  const starts = distinct(random, 24, (r) => `${pick(r, places)} ${pick(r, trades)}`);
  const firsts = distinct(random, 8, (r) => `${pick(r, resellerWords)} ${pick(r, ['IT', 'Systems', 'Digital'])}`);
  const seconds = distinct(random, 7, (r) => `${pick(r, tiers)} tier`);
  const funds = distinct(random, 19, pounds);
  const staff = people(random, 10, swedishForenames, swedishSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const decoy = () => pick(random, funds.slice(7));
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, funds, upstream, downstream);
  const meeting = () => pick(random, ['pipeline review', 'partner sync', 'channel forecast call']);
  /** A transcript of two people speaking in turn: a question and its answer, or a remark and a reply. */
  const said = (...lines: string[]) => transcript(random, meeting(), alternating(random, staff, lines));
  const logged = (title: string, entry: { context: string; decision: string; consequences: string }) =>
    decision(random, 'CD', { title, by: person(), ...entry });
  return company({
    prefix: 'resellers',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: funds.slice(0, 7),
    decoys: funds.slice(7),
    links: [
      [
        (account, reseller) =>
          record(random, 'Account plan', account, person(), [
            ['Buys through', reseller],
            ['Renewal', pick(random, months)],
            ['Risk', pick(random, ['a new finance director', 'budget freeze', 'none known'])],
          ]),
        (account, reseller) =>
          said(`Do we bill ${account} ourselves?`, `No, ${reseller} resells to them; we only do support.`),
        (account, reseller) =>
          decision(random, 'CD', {
            title: `${account} moves to ${reseller}`,
            by: person(),
            supersedes: true,
            context: `${account} bought through ${other(firsts, reseller)} until that firm lost its licence to resell.`,
            decision: `${reseller} handles ${account} from the next renewal.`,
            consequences: 'Support tickets stay with us.',
          }),
        (account, reseller) =>
          record(random, 'Call note', account, person(), [
            ['Attendees', `their IT manager and ${reseller}'s account lead`],
            ['Notes', 'wants the renewal quote before the budget round'],
            ['Next step', 'demo of the reporting add-on'],
          ]),
      ],
      [
        (reseller, tier) =>
          record(random, 'Partner record', reseller, person(), [
            ['Programme level', tier],
            ['Certified engineers', `${2 + Math.floor(random() * 12)}`],
          ]),
        (reseller, tier) =>
          decision(random, 'CD', {
            title: `${reseller} moved up a tier`,
            by: person(),
            supersedes: true,
            context: `${reseller} passed two million in sales while at ${other(seconds, tier)}.`,
            decision: `${reseller} becomes ${tier} from next quarter.`,
            consequences: 'New certificate to be sent.',
          }),
        (reseller, tier) =>
          said(`Where is ${reseller} in the partner programme now?`, `${tier}, since the March review.`),
        (reseller, tier) =>
          said(
            `${reseller} want more leads again.`,
            `As ${tier} they get them only after the direct team, tell them that.`,
          ),
      ],
      [
        (tier, fund) =>
          record(random, 'Programme note', tier, person(), [
            ['Co-marketing fund', `${fund} a year`],
            ['Discount off list', `${20 + 5 * Math.floor(random() * 4)} %`],
          ]),
        (tier, fund) =>
          decision(random, 'CD', {
            title: `${tier} fund for next year`,
            by: person(),
            supersedes: true,
            context: `Finance first proposed ${decoy()}.`,
            decision: `${tier} partners get ${fund} of marketing development funds each.`,
            consequences: 'Claims need proof of the event.',
          }),
        (tier, fund) =>
          said(
            `How much can a ${tier} partner claim for co-branded campaigns?`,
            `${fund} a year; what isn't spent doesn't roll over.`,
          ),
        (tier, fund) =>
          said(
            `Reminder: ${tier} MDF is capped at ${fund}, claims above that bounce.`,
            "Noted, I'll tell the partners.",
          ),
      ],
    ],
    before: [
      (account, parent) =>
        record(random, 'Account plan', account, person(), [
          ['Parent company', parent],
          ['Billing', 'separate from the parent'],
        ]),
      (account, parent) => said(`Who's behind ${account} these days?`, `${parent}; they bought them in 2039.`),
      (account, parent) =>
        logged(`${account} treated as part of ${parent}`, {
          context: `${account} has been a subsidiary of ${parent} since the merger.`,
          decision: 'One account plan for both.',
          consequences: 'Renewals are negotiated together.',
        }),
    ],
    twoHop: [
      (account) => `How much promotional money a year can the dealer serving ${account} draw on at its grade?`,
      (account) =>
        `${account} orders through a middleman; how much can that middleman spend on joint promotion each year?`,
      (account) => `What yearly promotion allowance comes with the rank of the intermediary ${account} orders through?`,
    ],
    threeHop: [
      (account) =>
        `The group that owns ${account} orders through a middleman; how much can that middleman spend on joint promotion each year?`,
      (account) =>
        `What yearly promotion allowance comes with the rank of the dealer serving the parent of ${account}?`,
    ],
    distractors: [
      (wrong) => {
        const account = pick(random, starts);
        return record(random, 'Call note', account, person(), [
          ['Deal discussed', `${pick(random, wrong(account))} over three years`],
          ['Next step', 'send the order form'],
        ]);
      },
      (wrong) => {
        const tier = pick(random, seconds);
        return logged(`${tier} summit travel`, {
          context: 'The partner summit is in Lisbon this year.',
          decision: `Travel for ${tier} partners is capped at ${pick(random, wrong(tier))} in total.`,
          consequences: 'Bookings through our travel desk only.',
        });
      },
      (wrong) => {
        const reseller = pick(random, firsts);
        return said(`${reseller} booked ${pick(random, wrong(reseller))} of licences with us last quarter.`, 'Nice.');
      },
      (wrong) => {
        const account = pick(random, starts);
        const reseller = pick(
          random,
          firsts.filter((name) => !chained(wrong, account, name)),
        );
        return said(
          `Did ${reseller} pitch to ${account}?`,
          `They did, at ${pick(random, besideBoth(wrong, account, reseller))}, and lost to the direct team.`,
        );
      },
      (wrong) => {
        const reseller = pick(random, firsts);
        const tier = pick(
          random,
          seconds.filter((name) => !chained(wrong, reseller, name)),
        );
        return logged(`${reseller} not promoted`, {
          context: `${reseller} applied for ${tier}.`,
          decision: 'They stay where they are for now.',
          consequences: `They would have needed ${pick(random, besideBoth(wrong, reseller, tier))} more in sales.`,
        });
      },
      (wrong) => {
        const account = pick(random, starts);
        const tier = pick(
          random,
          seconds.filter((name) => !chained(wrong, account, name)),
        );
        return record(random, 'Account plan', account, person(), [
          ['Discount asked for', `${tier} pricing, refused`],
          ['Budget', pick(random, besideBoth(wrong, account, tier))],
        ]);
      },
      (wrong) => {
        const tier = pick(random, seconds);
        return said(
          `Last year's ${tier} fund of ${pick(random, wrong(tier))} is gone; the new figure's in the plan.`,
          'Good.',
        );
      },
    ],
  });
}
