/**
 * Site circuits, the third family of held-out split 13 (bench/held-out-families-13.ts, which describes the
 * split and re-exports this): e-mails and wiki revisions of a logistics firm's IT team about which circuit
 * connects each warehouse site, which carrier owns each circuit, and in which weekly window each carrier
 * may take its circuits down for maintenance.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { besideBoth, mayShareChain, twoOf } from './chat-notes.ts';
import { email, mailDay, wikiEdit } from './held-out-families-13-notes.ts';
import { company, people } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const towns = 'Bicester,Wigton,Ashby,Thrapston,Goole,Selby,Penrith,Ludlow,Daventry,Sleaford'.split(',');
const siteKinds = 'Cold Store,Cross Dock,Chill Hub,Returns Centre,Yard,Freezer Hall'.split(',');
const circuitKinds = 'ETH,EFM,FTTP,SOGEA,LL'.split(',');
const carriers =
  'Lanyard Networks,Quorn Fibre,Spanlink,Ridgeback Connect,Hexlane Networks,Torrent Fibre,Calyx Voice & Data,Mardale Comms,Brightwire'.split(
    ',',
  );
const dutchForenames = 'Sanne,Joost,Femke,Daan,Lotte,Thijs,Maartje,Ruben,Wouter,Eline,Jelle,Fleur'.split(',');
const dutchSurnames = 'Visser,Bakker,Smit,Mulder,Dekker,Brouwer,Vos,Kuiper,Dijkstra,Hendriks'.split(',');
const days = 'Mon,Tue,Wed,Thu,Fri,Sat,Sun'.split(',');
const two = (hour: number) => String(hour % 24).padStart(2, '0');
/** A weekly window ("Sun 01:00–05:00"): one fixed shape, so no window is part of another. */
const window = (random: Random) => {
  const start = pick(random, [0, 1, 2, 3, 4, 22, 23]);
  return `${pick(random, days)} ${two(start)}:00–${two(start + 2 + Math.floor(random() * 3))}:00`;
};

/**
 * Site circuits: which circuit connects each warehouse site, which carrier owns each circuit, in which
 * weekly window each carrier does its maintenance. Two-hop: "when may the operator of S's link take it
 * down?"; three-hop: the same for the site S's traffic falls back to when its own circuit is out.
 */
export function siteCircuits(seed: number): HandbookSet {
  const random = seededRandom(seed * 179_029 + 103);
  const starts = distinct(random, 24, (r) => `${pick(r, towns)} ${pick(r, siteKinds)}`);
  const firsts = distinct(random, 8, (r) => `${pick(r, circuitKinds)}-${10_000 + Math.floor(r() * 90_000)}`);
  const seconds = distinct(random, 7, (r) => pick(r, carriers));
  const windows = distinct(random, 19, window);
  const staff = people(random, 10, dutchForenames, dutchSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, windows, upstream, downstream);
  const thread = (subject: string, question: string, answer: string) => {
    const [asker, replier] = twoOf(random, staff);
    return email(random, subject, { from: replier, lines: [answer] }, { from: asker, lines: [question] });
  };
  return company({
    prefix: 'circuits',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: windows.slice(0, 7),
    decoys: windows.slice(7),
    links: [
      [
        (site, circuit) =>
          wikiEdit(random, 'Site connectivity', person(), [
            `- ${site} | primary: TBC`,
            `+ ${site} | primary: ${circuit}`,
            `Summary: survey done, live since ${mailDay(random)}`,
          ]),
        (site, circuit) =>
          email(random, `${site} go-live`, {
            from: person(),
            lines: [`${site} went live this morning.`, `It's on ${circuit}, scanners and the WMS both.`],
          }),
        (site, circuit) =>
          thread(
            `${site} ref`,
            `The engineer at ${site} is asking for our reference, anyone?`,
            `It's ${circuit}, the label is on the rack in goods-in.`,
          ),
        (site, circuit) =>
          email(random, `Quoting refs`, {
            from: person(),
            lines: [`Please quote ${circuit} on anything about ${site}.`, `The old ADSL there is gone.`],
          }),
      ],
      [
        (circuit, carrier) =>
          email(random, `${circuit}`, {
            from: person(),
            lines: [`${circuit} is ${carrier} end to end.`, `So tickets go straight to them, not the reseller.`],
          }),
        (circuit, carrier) =>
          wikiEdit(random, 'Circuits', person(), [
            `- ${circuit} | owner: ${other(seconds, carrier)}`,
            `+ ${circuit} | owner: ${carrier}`,
            `Summary: migrated at contract end`,
          ]),
        (circuit, carrier) =>
          thread(
            `${circuit} owner`,
            `Who's ${circuit} with these days?`,
            `${carrier}. They bought out the old supplier.`,
          ),
        (circuit, carrier) =>
          email(random, `Handover pack`, {
            from: person(),
            lines: [`${carrier} sent their handover pack today.`, `It covers ${circuit}, filed in the shared folder.`],
          }),
      ],
      [
        (carrier, slot) =>
          email(random, `${carrier} engineering`, {
            from: person(),
            lines: [
              `Spoke to ${carrier} about the late picks.`,
              `They do their engineering ${slot}, so nothing over their circuits then.`,
            ],
          }),
        (carrier, slot) =>
          wikiEdit(random, 'Carriers', person(), [
            `- ${carrier} | maintenance: ${pick(random, windows.slice(7))}`,
            `+ ${carrier} | maintenance: ${slot}`,
            `Summary: per their new terms`,
          ]),
        (carrier, slot) =>
          thread(
            `${carrier} works`,
            `When can ${carrier} bounce our circuits without notice?`,
            `${slot}. Anything else needs ten days' notice.`,
          ),
        (carrier, slot) =>
          email(random, `Heads-up`, {
            from: person(),
            lines: [`From ${carrier}: their standing engineering window is ${slot}.`, `They may bounce circuits then.`],
          }),
      ],
    ],
    before: [
      (site, fallback) =>
        email(random, `${site} resilience`, {
          from: person(),
          lines: [`If the circuit at ${site} dies, its traffic goes out through ${fallback}.`, `Tested in the spring.`],
        }),
      (site, fallback) =>
        wikiEdit(random, 'Site connectivity', person(), [
          `+ ${site} | secondary path: via ${fallback}`,
          `Summary: 4G bridge between the two`,
        ]),
      (site, fallback) =>
        thread(
          `${site} blip`,
          `${site} lost its circuit, why were the scanners still working?`,
          `It rides on ${fallback}'s connection, as designed.`,
        ),
    ],
    twoHop: [
      (site) => `When is the telecoms provider behind ${site}'s link allowed to switch off service for upkeep?`,
      (site) => `What's the weekly outage slot of the operator carrying ${site}'s link?`,
      (site) => `${site}: at what hours is the firm whose line serves it entitled to cut us off for scheduled repairs?`,
    ],
    threeHop: [
      (site) =>
        `${site} leans on another warehouse when its own link is dead; what's the weekly outage slot of the operator carrying that warehouse's link?`,
      (site) =>
        `When is the telecoms provider behind the link of the place ${site} falls back to allowed to switch off service for upkeep?`,
    ],
    distractors: [
      (wrong) => {
        const site = pick(random, starts);
        return wikiEdit(random, 'Site calendar', person(), [
          `+ ${site} | defrost cycle: ${pick(random, wrong(site))}`,
          `Summary: from the refrigeration contractor`,
        ]);
      },
      (wrong) => {
        const site = pick(random, starts);
        const circuit = pick(
          random,
          firsts.filter((name) => !chained(wrong, site, name)),
        );
        return email(random, `${site} survey`, {
          from: person(),
          lines: [
            `${circuit} was surveyed for ${site} but never ordered.`,
            `The install slot offered was ${pick(random, besideBoth(wrong, site, circuit))}.`,
          ],
        });
      },
      (wrong) => {
        const circuit = pick(random, firsts);
        return thread(
          `${circuit} incident`,
          `Was ${circuit} down last week?`,
          `Yes, unplanned, ${pick(random, wrong(circuit))}. RFO still to come.`,
        );
      },
      (wrong) => {
        const carrier = pick(random, seconds);
        return wikiEdit(random, 'Carriers', person(), [
          `+ ${carrier} | NOC staffed: ${pick(random, wrong(carrier))}`,
          `Summary: out of hours goes to voicemail`,
        ]);
      },
      (wrong) => {
        const carrier = pick(random, seconds);
        const circuit = pick(
          random,
          firsts.filter((name) => !chained(wrong, name, carrier)),
        );
        return email(random, `${circuit} quote`, {
          from: person(),
          lines: [
            `${carrier} quoted to take over ${circuit}; we said no.`,
            `Their migration would have run ${pick(random, besideBoth(wrong, carrier, circuit))}.`,
          ],
        });
      },
      (wrong) => {
        const site = pick(random, starts);
        const carrier = pick(
          random,
          seconds.filter((name) => !chained(wrong, site, name)),
        );
        return thread(
          `${site} mobile`,
          `Who does the mobile coverage at ${site}?`,
          `${carrier} put a booster in; their visit was ${pick(random, besideBoth(wrong, site, carrier))}.`,
        );
      },
      (wrong) => {
        const site = pick(random, starts);
        return email(random, `${site} fire alarm`, {
          from: person(),
          lines: [`Weekly fire alarm test at ${site} is ${pick(random, wrong(site))}.`, `Ignore the bells then.`],
        });
      },
      (wrong) => {
        const circuit = pick(random, firsts);
        return wikiEdit(random, 'Circuits', person(), [
          `+ ${circuit} | backup job: ${pick(random, wrong(circuit))}`,
          `Summary: nightly sync over this circuit`,
        ]);
      },
    ],
  });
}
