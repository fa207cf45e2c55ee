/**
 * The tuning grid's families (bench/multi-hop-tune.ts, bench/recall-guard.ts), each as its seeds' question sets: the
 * chain family of memory-dataset.ts, the held-out splits 1–5 diagnosed and tuned on since, and the tuning families
 * written for the purpose. No held-out split of rounds 6 on is imported here.
 */
import type { HeldOutSet } from './held-out-families.ts';
import { customerAccounts, operationsHandbook, serviceCatalogue } from './held-out-families.ts';
import { assetDesk, partsSupply, researchGroups } from './held-out-families-2.ts';
import { clinicSamples, eventVenues, softwareReleases } from './held-out-families-3.ts';
import { cafeSupply, fleetDepots, universityCourses } from './held-out-families-4.ts';
import { concertSoloists, containerShipping, supportTickets } from './held-out-families-5.ts';
import { siteCatering, softwareLicences } from './tuning-family-handbook.ts';
import { heritageSteam } from './tuning-family-paraphrase.ts';
import { officeVending } from './tuning-family-vending.ts';
import { hallPower, infusionPumps } from './tuning-family-quantities.ts';
import { equipmentTables } from './tuning-family-tables.ts';
import { breweryPlant } from './tuning-family-brewery.ts';
import { dispatchYard } from './tuning-family-dispatch.ts';
import { siteRegister } from './tuning-family-sites.ts';
import { backgroundNotes, multiHopSet } from './memory-dataset.ts';

/** The 25 tuning families by name, in the grid's order, with one question set per seed (chains: one set). */
export function tuningFamilies(seeds: readonly number[]): [string, HeldOutSet[]][] {
  const chains = multiHopSet(100);
  return [
    [
      'chains',
      [
        {
          memories: [...chains.memories, ...backgroundNotes(1_000, 500_000)],
          questions: chains.questions.map((question) => ({ ...question, hops: 2 as const })),
        },
      ],
    ],
    ['handbook', seeds.map((seed) => operationsHandbook(seed))],
    ['catalogue', seeds.map((seed) => serviceCatalogue(seed))],
    ['accounts', seeds.map((seed) => customerAccounts(seed))],
    ['research', seeds.map((seed) => researchGroups(seed))],
    ['parts', seeds.map((seed) => partsSupply(seed))],
    ['assets', seeds.map((seed) => assetDesk(seed))],
    // Round 3's held-out split, diagnosed question by question in round 4: tuning side since.
    ['events', seeds.map((seed) => eventVenues(seed))],
    ['releases', seeds.map((seed) => softwareReleases(seed))],
    ['clinics', seeds.map((seed) => clinicSamples(seed))],
    // Round 4's held-out split, diagnosed and tuned on in round 5: tuning side since.
    ['fleet', seeds.map((seed) => fleetDepots(seed))],
    ['courses', seeds.map((seed) => universityCourses(seed))],
    ['cafes', seeds.map((seed) => cafeSupply(seed))],
    // Round 5's held-out split, diagnosed and tuned on in round 6: tuning side since.
    ['tickets', seeds.map((seed) => supportTickets(seed))],
    ['containers', seeds.map((seed) => containerShipping(seed))],
    ['concerts', seeds.map((seed) => concertSoloists(seed))],
    // Written in the twelfth round with split 10's described properties (no shared stems, pronouns, bridges
    // named without the question's nouns): a tuning family, tuned on from the start.
    ['steam', seeds.map((seed) => heritageSteam(seed))],
    // Written in the thirteenth round in split 11's described style (handbook paragraphs mixing entities).
    ['canteens', seeds.map((seed) => siteCatering(seed))],
    ['licences', seeds.map((seed) => softwareLicences(seed))],
    // Written in the fourteenth round in split 13's described style (mail and wiki notes, value answers).
    ['vending', seeds.map((seed) => officeVending(seed))],
    // Written in the twentieth round: answers that are quantities with units (measures.ts).
    ['pumps', seeds.map((seed) => infusionPumps(seed))],
    ['halls', seeds.map((seed) => hallPower(seed))],
    // Written in the twentieth round: notes that are pasted tables (CSV, TSV, pipe), some rows superseded.
    ['tables', seeds.map((seed) => equipmentTables(seed))],
    // Written in the thirtieth round: questions that start from a lower-case thing, not an entity (linking).
    ['brewery', seeds.map((seed) => breweryPlant(seed))],
    // Written in the thirty-first round: bridges written two to four ways across notes (bridge not shared).
    ['dispatch', seeds.map((seed) => dispatchYard(seed))],
    // Written in the thirty-second round: a bridge named by initialism or nickname in one note, in full in another.
    ['sites', seeds.map((seed) => siteRegister(seed))],
  ];
}
