/**
 * Till rollouts, the third family of held-out split 12 (bench/held-out-families-12.ts, which describes the
 * split and re-exports this): chat lines, ticket comments and minutes about which wave each shop's new
 * tills come in, who fits each wave and who leads each installer's crews.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
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

const streets = 'Castle,Market,Bridge,Abbey,Mill,Station,Church,Kings,Sheep,Tanners'.split(',');
const streetKinds = 'Street,Road,Hill,Gate,Square,Parade,Lane'.split(',');
const waves =
  'Wave Kite,Wave Osprey,Wave Merlin,Wave Curlew,Wave Dunlin,Wave Godwit,Wave Heron,Wave Avocet,Wave Shrike'.split(',');
const installers =
  'Tillcraft Services,Renfrew Retail Fit,Axton Installations,Pellham Field Services,Drayford Systems,Corbel Installs,Westlake Retail Engineering,Marram Technical'.split(
    ',',
  );
const scottishForenames =
  'Callan,Isla,Fraser,Morven,Euan,Kirsten,Blair,Ailsa,Ross,Shona,Gregor,Rhona,Lewis,Mhairi'.split(',');
const scottishSurnames = 'Gunn,Baird,Rennick,Tulloch,Lorimer,Cowie,Petrie,Haldane,Dalgleish,Imrie,Kerr,Urie'.split(',');

/**
 * Till rollouts: which rollout wave each shop is in, which installer fits each wave, who is each
 * installer's site lead. Two-hop: "who do I ping at the installer fitting the tills at S?"; three-hop:
 * the same for the shop that S is restocked from.
 */
export function tillRollouts(seed: number): HandbookSet {
  const random = seededRandom(seed * 163_003 + 89);
  const starts = distinct(random, 24, (r) => `${pick(r, streets)} ${pick(r, streetKinds)}`);
  const firsts = distinct(random, 8, (r) => pick(r, waves));
  const seconds = distinct(random, 7, (r) => pick(r, installers));
  const everyone = people(random, 22, scottishForenames, scottishSurnames);
  const leads = everyone.slice(0, 7);
  // Our area managers and the installers' other engineers: people of the asked kind, never a site lead.
  const staff = everyone.slice(7, 17);
  const others = everyone.slice(17);
  const person = () => pick(random, staff);
  // Installers' people in a distractor are engineers (a site lead of another installer, or none), not our staff.
  const engineer = (allowed: string[]) =>
    pick(
      random,
      allowed.filter((name) => !staff.includes(name)),
    );
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, [...leads, ...staff, ...others], upstream, downstream);
  return company({
    prefix: 'tills',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: leads,
    decoys: [...staff, ...others],
    links: [
      [
        (shop, wave) =>
          minutes(random, 'Rollout stand-up', [
            `Decision: ${shop} slotted into ${wave} (was TBC).`,
            `Action: ${mention(person())} to confirm the shop's opening hours.`,
          ]),
        (shop, wave) =>
          chat(random, [
            person(),
            `${shop} got moved into ${wave} ${when(random)}, their comms cabinet wasn't ready for the earlier slot`,
          ]),
        (shop, wave) =>
          ticket(random, 'POS', person(), `${shop}: wave changed to ${wave}. Store manager informed ${when(random)}.`),
        (shop, wave) => chat(random, [person(), `${shop} goes live with ${wave}, ETA w/c ${shortDate(random)}`]),
      ],
      [
        (wave, installer) =>
          ticket(random, 'POS', person(), `${wave} was handed to ${installer} after the tender ${when(random)}.`),
        (wave, installer) =>
          minutes(random, 'Rollout steering', [
            `Decision: ${installer} gets ${wave}.`,
            `Action: ${mention(person())} to send them the shop list by EOD.`,
          ]),
        (wave, installer) =>
          chat(random, [person(), `${installer} are doing the kit swaps for ${wave}, contract signed ${when(random)}`]),
        (wave, installer) =>
          ticket(
            random,
            'POS',
            person(),
            `${wave} fitting subcontracted to ${installer}. PO raised in ${quarter(random)}.`,
          ),
      ],
      [
        (installer, lead) =>
          ticket(
            random,
            'POS',
            person(),
            `${installer} named ${lead} as site lead for our account. Mobile is on the shared sheet.`,
          ),
        (installer, lead) =>
          chat(random, [person(), `if anything breaks on install day ping ${lead} at ${installer}, not the helpdesk`]),
        (installer, lead) =>
          minutes(random, 'Rollout steering', [
            `Decision: escalations for ${installer} go to ${lead} from ${quarter(random)}.`,
            `Action: ${mention(person())} to add them to the rollout channel.`,
          ]),
        (installer, lead) => {
          const [asker, replier] = twoOf(random, staff);
          return chat(
            random,
            [asker, `who's running the ${installer} crews?`],
            [replier, `${lead}, since ${shortDate(random)}`],
          );
        },
      ],
    ],
    before: [
      (shop, source) =>
        chat(random, [person(), `${shop} pulls its overflow stock from ${source} until the stockroom is fixed`]),
      (shop, source) =>
        minutes(random, 'Stock call', [
          `Decision: ${shop} is restocked from ${source}, van runs Tue/Thu.`,
          `Action: ${mention(person())} to tell both store managers.`,
        ]),
      (shop, source) =>
        ticket(random, 'STK', person(), `${shop} transfers now sourced from ${source}, ${when(random)}.`),
    ],
    twoHop: [
      (shop) => `who do I ping at the firm handling the till replacement at ${shop}?`,
      (shop) => `${shop} - which tech is in charge for the company putting in our new tills?`,
      (shop) => `which fitter should I call when the checkout hardware is put in at ${shop}?`,
    ],
    threeHop: [
      (shop) =>
        `${shop} is supplied by a sister branch; who do I ping at the firm handling that branch's till replacement?`,
      (shop) => `who heads the tech team of the company doing the tills at the branch that keeps ${shop} topped up?`,
    ],
    distractors: [
      (wrong) => {
        const shop = pick(random, starts);
        const manager = pick(random, wrong(shop));
        const [speaker, cover] = twoOf(
          random,
          staff.filter((name) => name !== manager),
        );
        return chat(random, [
          speaker,
          `${shop} store manager ${manager} is OOO until ${shortDate(random)}, ${mention(cover)} covering`,
        ]);
      },
      (wrong) => {
        const shop = pick(random, starts);
        const wave = pick(
          random,
          firsts.filter((other) => !chained(wrong, shop, other)),
        );
        return ticket(
          random,
          'POS',
          person(),
          `${shop} was pencilled in for ${wave} at first; ${pick(random, besideBoth(wrong, shop, wave))} pulled it.`,
        );
      },
      (wrong) => {
        const wave = pick(random, firsts);
        return minutes(random, 'Rollout retro', [
          `${wave}: ${pick(random, wrong(wave))} praised the pre-install checklist.`,
          `Action: ${mention(person())} to share it with the next wave.`,
        ]);
      },
      (wrong) => {
        const installer = pick(random, seconds);
        return chat(random, [
          person(),
          `${engineer(wrong(installer))} left ${installer} in ${quarter(random)}, don't use the old number`,
        ]);
      },
      (wrong) => {
        const installer = pick(random, seconds);
        const shop = pick(
          random,
          starts.filter((other) => !chained(wrong, other, installer)),
        );
        return ticket(
          random,
          'FAC',
          person(),
          `${installer} quoted for the ${shop} refit (shelving, not tills). ${engineer(besideBoth(wrong, installer, shop))} walked the site.`,
        );
      },
      (wrong) => {
        const installer = pick(random, seconds);
        return minutes(random, 'Finance check-in', [
          `${installer} invoice disputed by ${pick(random, wrong(installer))}, two visits billed twice.`,
          `Decision: pay the undisputed part by EOD.`,
        ]);
      },
      (wrong) => {
        const shop = pick(random, starts);
        return chat(random, [
          person(),
          `${pick(random, wrong(shop))} did the training session at ${shop} ${when(random)}, staff were happy`,
        ]);
      },
      (wrong) => {
        const wave = pick(random, firsts);
        const installer = pick(
          random,
          seconds.filter((other) => !chained(wrong, wave, other)),
        );
        return chat(random, [
          person(),
          `${installer} bid for ${wave} too, ${engineer(besideBoth(wrong, wave, installer))} ran their pitch`,
        ]);
      },
    ],
  });
}
