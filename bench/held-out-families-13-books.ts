/**
 * Book distribution, the second family of held-out split 13 (bench/held-out-families-13.ts, which describes
 * the split and re-exports this): e-mails and wiki revisions of a small publishing group about which imprint
 * each title comes out under, which distributor sells each imprint to the trade, and what discount off the
 * retail price each distributor is given.
 */
import { seededRandom } from '../src/domain/seeded-random.ts';
import { distinct, pick } from './family-draws.ts';
import type { Random } from './family-draws.ts';
import { besideBoth, mayShareChain, twoOf } from './chat-notes.ts';
import { email, mailDay, wikiEdit } from './held-out-families-13-notes.ts';
import { company, people } from './handbook-company.ts';
import type { HandbookSet } from './handbook-company.ts';

const titleFirst = 'Salt,Glass,Paper,Winter,Hollow,Copper,Quiet,Lantern,Ember,Tin'.split(',');
const titleSecond = 'Orchard,Harbour,Wolves,Ledger,Cartographer,Garden,Engines,Daughters,Almanac'.split(',');
const imprints =
  'Fernhollow Editions,Lantern Street,Quillon Press,Marrowbone,Blue Heron Editions,Ironleaf,Small Hours Press,Coldharbour,Tidemark,Wrenfield'.split(
    ',',
  );
const distributors =
  'Northway Trade Services,Pallas Distribution,Lindenbrook Logistics,Crossfield Direct,Orchard Lane Fulfilment,Saltire Sales,Hemlock & Pike,Greystone Trade,Meridale Distribution'.split(
    ',',
  );
const frenchForenames = 'Margaux,Thibault,Anouk,Bastien,Camille,Lucien,Maelle,Yannick,Solene,Gaspard,Ines,Romain'.split(
  ',',
);
const frenchSurnames = 'Aubert,Lemaire,Fournier,Garnier,Marchand,Perrin,Roussel,Chevalier,Girard,Delorme'.split(',');
/** "Paper Wolves'", "Salt Orchard's". */
const possessive = (name: string) => (name.endsWith('s') ? `${name}'` : `${name}'s`);
/** A percentage from 35 to 60, whole or a half: two digits before any point, so none is part of another. */
const percentage = (random: Random) => `${35 + Math.floor(random() * 26)}${pick(random, ['', '.5'])}%`;

/**
 * Book distribution: which imprint each title is published under, which distributor sells each imprint to
 * shops, what discount each distributor gets. Two-hop: "how much does the wholesaler handling T's label
 * keep off the cover price?"; three-hop: the same for the title T is a spin-off of.
 */
export function bookDistribution(seed: number): HandbookSet {
  const random = seededRandom(seed * 173_021 + 101);
  const starts = distinct(random, 24, (r) => `${pick(r, titleFirst)} ${pick(r, titleSecond)}`);
  const firsts = distinct(random, 8, (r) => pick(r, imprints));
  const seconds = distinct(random, 7, (r) => pick(r, distributors));
  const shares = distinct(random, 19, percentage);
  const staff = people(random, 10, frenchForenames, frenchSurnames);
  const person = () => pick(random, staff);
  const other = (list: readonly string[], name: string) =>
    pick(
      random,
      list.filter((item) => item !== name),
    );
  const chained = (wrong: (name: string) => string[], upstream: string, downstream: string) =>
    mayShareChain(wrong, shares, upstream, downstream);
  const thread = (subject: string, question: string, answer: string) => {
    const [asker, replier] = twoOf(random, staff);
    return email(random, subject, { from: replier, lines: [answer] }, { from: asker, lines: [question] });
  };
  return company({
    prefix: 'books',
    random,
    seed,
    starts,
    firsts,
    seconds,
    answers: shares.slice(0, 7),
    decoys: shares.slice(7),
    links: [
      [
        (title, imprint) =>
          thread(
            `${title} catalogue entry`,
            `Which list is ${title} going out on? Marketing need it for the autumn catalogue.`,
            `${imprint}. It moved over from the literary side in the spring.`,
          ),
        (title, imprint) =>
          wikiEdit(random, 'Title list', person(), [
            `- ${title} | imprint: TBC`,
            `+ ${title} | imprint: ${imprint}`,
            `Summary: acquisitions meeting of ${mailDay(random)}`,
          ]),
        (title, imprint) =>
          email(random, `${title} signed`, {
            from: person(),
            lines: [`Contracts for ${title} are signed.`, `It'll appear under ${imprint}, hardback first.`],
          }),
        (title, imprint) =>
          email(random, `${title} proofs`, {
            from: person(),
            lines: [
              `Proofs of ${title} are back from the typesetter.`,
              `The spine should carry the ${imprint} colophon.`,
            ],
          }),
      ],
      [
        (imprint, distributor) =>
          wikiEdit(random, 'Distribution', person(), [
            `- ${imprint} | UK trade: ${other(seconds, distributor)}`,
            `+ ${imprint} | UK trade: ${distributor}`,
            `Summary: switch effective from the autumn season`,
          ]),
        (imprint, distributor) =>
          email(random, `${imprint} move`, {
            from: person(),
            lines: [
              `From January all ${imprint} stock goes out of the ${distributor} warehouse.`,
              `They'll take the backlist too.`,
            ],
          }),
        (imprint, distributor) =>
          thread(
            `Orders for ${imprint}`,
            `A bookseller in ${pick(random, ['Hay', 'Totnes', 'Alnwick', 'Kendal'])} asks where to order ${imprint} now?`,
            `Through ${distributor}, they've had the whole list since the move.`,
          ),
        (imprint, distributor) =>
          email(random, `${imprint} deal`, {
            from: person(),
            lines: [`${distributor} signed for ${imprint} today.`, `Their reps start selling it in next month.`],
          }),
      ],
      [
        (distributor, share) =>
          email(random, `${distributor} agreement`, {
            from: person(),
            lines: [`${distributor} agreed: they take ${share} off RRP across the range.`, `Ninety days to pay.`],
          }),
        (distributor, share) =>
          wikiEdit(random, 'Distribution', person(), [
            `- ${distributor} | discount: ${pick(random, shares.slice(7))}`,
            `+ ${distributor} | discount: ${share}`,
            `Summary: renegotiated, see the signed letter`,
          ]),
        (distributor, share) =>
          thread(
            `${distributor} margin`,
            `What margin are we giving ${distributor}?`,
            `${share}, same as last year. It's in the schedule to the agreement.`,
          ),
        (distributor, share) =>
          email(random, `${distributor} invoices`, {
            from: person(),
            lines: [
              `Statements from ${distributor} are netted at ${share} under RRP.`,
              `Finance have checked the last two.`,
            ],
          }),
      ],
    ],
    before: [
      (title, parent) =>
        email(random, `${title} pitch`, {
          from: person(),
          lines: [`${title} is a spin-off of ${parent}.`, `Same world, new narrator, shorter.`],
        }),
      (title, parent) =>
        wikiEdit(random, 'Title list', person(), [
          `+ ${title} | series: companion to ${parent}`,
          `Summary: linked the two records`,
        ]),
      (title, parent) =>
        thread(
          `${title} blurb`,
          `Is ${title} related to anything we've done before?`,
          `It's set in the world of ${parent}, a side story really.`,
        ),
    ],
    twoHop: [
      (title) => `How much of the cover price does the wholesaler handling ${possessive(title)} label keep?`,
      (title) => `What cut of each copy sold ends up with the outfit that gets ${possessive(title)} brand into shops?`,
      (title) => `${title}: what percentage does the middleman for its label pocket?`,
    ],
    threeHop: [
      (title) =>
        `${title} is an offshoot of an earlier novel; how much of the cover price does the wholesaler handling that novel's label keep?`,
      (title) =>
        `What cut of each copy sold ends up with the outfit that gets the label of ${possessive(title)} parent work into shops?`,
    ],
    distractors: [
      (wrong) => {
        const title = pick(random, starts);
        return email(random, `${title} returns`, {
          from: person(),
          lines: [`Returns on ${title} are running at ${pick(random, wrong(title))}.`, `Worse than we planned for.`],
        });
      },
      (wrong) => {
        const title = pick(random, starts);
        const imprint = pick(
          random,
          firsts.filter((name) => !chained(wrong, title, name)),
        );
        return email(random, `${title} auction`, {
          from: person(),
          lines: [
            `${imprint} bid for ${title} at auction but lost.`,
            `They had offered ${pick(random, besideBoth(wrong, title, imprint))} of e-book receipts.`,
          ],
        });
      },
      (wrong) => {
        const imprint = pick(random, firsts);
        return wikiEdit(random, 'Imprint dashboard', person(), [
          `+ ${imprint} | sell-through: ${pick(random, wrong(imprint))}`,
          `Summary: year to date`,
        ]);
      },
      (wrong) => {
        const distributor = pick(random, seconds);
        return thread(
          `${distributor} supermarkets`,
          `What did ${distributor} want for the supermarket channel?`,
          `${pick(random, wrong(distributor))}. We said no.`,
        );
      },
      (wrong) => {
        const distributor = pick(random, seconds);
        const imprint = pick(
          random,
          firsts.filter((name) => !chained(wrong, name, distributor)),
        );
        return email(random, `${distributor} pitch`, {
          from: person(),
          lines: [
            `${distributor} pitched for ${imprint} last year at ${pick(random, besideBoth(wrong, distributor, imprint))}.`,
            `We stayed where we were.`,
          ],
        });
      },
      (wrong) => {
        const title = pick(random, starts);
        const distributor = pick(
          random,
          seconds.filter((name) => !chained(wrong, title, name)),
        );
        return email(random, `Airport order`, {
          from: person(),
          lines: [
            `${distributor} placed a special order of ${title} for an airport chain.`,
            `Terms on that one: ${pick(random, besideBoth(wrong, title, distributor))}.`,
          ],
        });
      },
      (wrong) => {
        const title = pick(random, starts);
        return wikiEdit(random, 'Title list', person(), [
          `+ ${title} | first printing sold: ${pick(random, wrong(title))}`,
          `Summary: figures from the ${mailDay(random)} sales report`,
        ]);
      },
      (wrong) => {
        const imprint = pick(random, firsts);
        return thread(
          `${imprint} share`,
          `How big is ${imprint} for us now?`,
          `${pick(random, wrong(imprint))} of turnover this year, per finance.`,
        );
      },
    ],
  });
}
