/**
 * The families `npm run bench -- memory` scores multi-hop recall on (bench/memory.ts), by key. The tuning
 * split is every family an earlier round or this one looked at while choosing the method and its weights;
 * each held-out split (bench/held-out-families-6.ts, written before round 6 changed the method,
 * bench/held-out-families-7.ts, written before the sixth session round did, bench/held-out-families-8.ts,
 * before the ninth, bench/held-out-families-9.ts, before the tenth, bench/held-out-families-10.ts,
 * before the eleventh, bench/held-out-families-11.ts, before the twelfth, bench/held-out-families-12.ts,
 * before the thirteenth, bench/held-out-families-13.ts, before the fourteenth, bench/held-out-families-14.ts, before the twentieth, bench/held-out-families-15.ts, later in the twentieth, bench/held-out-families-16.ts, in the twenty-first, and bench/held-out-families-17.ts, in the thirtieth, bench/held-out-families-18.ts, later in the thirtieth, bench/held-out-families-19.ts, in the thirty-first, bench/held-out-families-20.ts, in the thirty-second, and bench/held-out-families-21.ts, in the thirty-third, by an engineer who did not tune it) is pooled as its own split and never run while choosing (round 5's, held-out-families-5.ts, was
 * diagnosed in round 6; round 4's in round 5; round 3's in round 4). Each non-chain family is three
 * generated companies (seeds 1–3) of about 100 notes each. bench/multi-hop-tune.ts does not import this
 * module: it must not reach a held-out split.
 */
import type { HeldOutQuestion } from './held-out-families.ts';
import { customerAccounts, operationsHandbook, serviceCatalogue } from './held-out-families.ts';
import { assetDesk, partsSupply, researchGroups } from './held-out-families-2.ts';
import { clinicSamples, eventVenues, softwareReleases } from './held-out-families-3.ts';
import { cafeSupply, fleetDepots, universityCourses } from './held-out-families-4.ts';
import { concertSoloists, containerShipping, supportTickets } from './held-out-families-5.ts';
import { archiveManuscripts, bridgeBuilders, satelliteDownlinks } from './held-out-families-6.ts';
import { medicineLots, racingYards, wineCuvees } from './held-out-families-7.ts';
import { mountainHuts, patentFilings, waterSupply } from './held-out-families-8.ts';
import { courtDockets, grainMills, violinPlayers } from './held-out-families-9.ts';
import { ferryMasters, museumLoans, seedKeepers } from './held-out-families-10.ts';
import { legalEntities, marketingCampaigns, officeLeases } from './held-out-families-11.ts';
import { agencyHiring, complianceAudits, tillRollouts } from './held-out-families-12.ts';
import { bookDistribution, plantInsurance, siteCircuits } from './held-out-families-13.ts';
import { mouldedParts, radioStations, windTurbines } from './held-out-families-14.ts';
import { plasmidStocks, purchasingFrameworks, resellerFunds } from './held-out-families-15.ts';
import { groundHandling, repairWorkshops, serviceGateways } from './held-out-families-16.ts';
import { cleaningChemicals, purchaseSignoffs, safetyWalkrounds } from './held-out-families-17.ts';
import { labFreezers, lineCrews, supplyHauliers } from './held-out-families-18.ts';
import { poolVans, reagentLots, siteRenewals } from './held-out-families-19.ts';
import { insuranceClaims, printFleet, programmeGrants } from './held-out-families-20.ts';
import { equipmentLoans, roadGritting, touringShows } from './held-out-families-21.ts';
import { siteCatering, softwareLicences } from './tuning-family-handbook.ts';
import { heritageSteam } from './tuning-family-paraphrase.ts';
import { officeVending } from './tuning-family-vending.ts';
import { hallPower, infusionPumps } from './tuning-family-quantities.ts';
import { equipmentTables } from './tuning-family-tables.ts';
import { breweryPlant } from './tuning-family-brewery.ts';
import { dispatchYard } from './tuning-family-dispatch.ts';
import { siteRegister } from './tuning-family-sites.ts';
import type { BenchMemory } from './memory-dataset.ts';
import { backgroundNotes, multiHopSet } from './memory-dataset.ts';

export interface MultiHopFamily {
  key: string;
  family: string;
  role: string;
  /** The held-out split it is pooled in; absent: the tuning split. */
  split?: string;
  sets: { memories: BenchMemory[]; questions: HeldOutQuestion[] }[];
}

/**
 * The three families of one round's split, three generated companies each (seeds 1–3), generated when
 * a run reads them: a run of some families does not generate the others (a split another engineer holds
 * out is then not even generated in memory by a run that does not ask for it).
 */
function split(
  rounds: readonly (readonly [
    string,
    string,
    (seed: number) => { memories: BenchMemory[]; questions: HeldOutQuestion[] },
  ])[],
  role: string,
  heldOut?: string,
) {
  return rounds.map(([key, family, make]) => ({
    key,
    family,
    role,
    ...(heldOut ? { split: heldOut } : {}),
    get sets() {
      return [1, 2, 3].map((seed) => make(seed));
    },
  }));
}

/** The families whose keys are in `keys`; the chain family holds `chains` chains. */
export function multiHopFamilies(chains: number, keys: ReadonlySet<string>): MultiHopFamily[] {
  const tuning = multiHopSet(chains);
  const families: MultiHopFamily[] = [
    {
      key: 'tuning',
      family: 'chains (person → project → database → datacenter)',
      role: 'tuning',
      sets: [
        {
          memories: [...tuning.memories, ...backgroundNotes(2_000, 500_000)],
          questions: tuning.questions.map((question) => ({ ...question, hops: 2 as const })),
        },
      ],
    },
    {
      key: 'handbook',
      family: 'operations handbook',
      role: 'development',
      sets: [1, 2, 3].map((seed) => operationsHandbook(seed)),
    },
    {
      key: 'catalogue',
      family: 'service catalogue',
      role: 'seen in round 1',
      sets: [1, 2, 3].map((seed) => serviceCatalogue(seed)),
    },
    {
      key: 'accounts',
      family: 'customer accounts',
      role: 'held out in round 1',
      sets: [1, 2, 3].map((seed) => customerAccounts(seed)),
    },
    {
      key: 'research',
      family: 'research groups',
      role: 'held out',
      sets: [1, 2, 3].map((seed) => researchGroups(seed)),
    },
    { key: 'parts', family: 'parts and shipping', role: 'held out', sets: [1, 2, 3].map((seed) => partsSupply(seed)) },
    {
      key: 'assets',
      family: 'IT asset desk',
      role: 'held out in round 2',
      sets: [1, 2, 3].map((seed) => assetDesk(seed)),
    },
    ...split(
      [
        ['events', 'event venues', eventVenues],
        ['releases', 'software releases', softwareReleases],
        ['clinics', 'clinic samples', clinicSamples],
      ],
      'held out in round 3, diagnosed in round 4',
    ),
    ...split(
      [
        ['fleet', 'fleet depots', fleetDepots],
        ['courses', 'university courses', universityCourses],
        ['cafes', 'café supply', cafeSupply],
      ],
      'held out in round 4, diagnosed in round 5',
    ),
    ...split(
      [
        ['tickets', 'support tickets', supportTickets],
        ['containers', 'container shipping', containerShipping],
        ['concerts', 'concert soloists', concertSoloists],
      ],
      'held out in round 5, diagnosed in round 6',
    ),
    {
      key: 'steam',
      family: "heritage steam (split 10's properties, written to tune on)",
      role: 'tuning family of round 12',
      sets: [1, 2, 3].map((seed) => heritageSteam(seed)),
    },
    ...split(
      [
        ['canteens', "site catering (split 11's described style, written to tune on)", siteCatering],
        ['licences', "software licences (split 11's described style, written to tune on)", softwareLicences],
      ],
      'tuning family of round 13',
    ),
    {
      key: 'vending',
      family: "office vending (split 13's described style, written to tune on)",
      role: 'tuning family of round 14',
      sets: [1, 2, 3].map((seed) => officeVending(seed)),
    },
    {
      key: 'tables',
      family: 'hospital equipment in pasted tables (written to tune on)',
      role: 'tuning family of round 20',
      sets: [1, 2, 3].map((seed) => equipmentTables(seed)),
    },
    {
      key: 'brewery',
      family: 'brewery plant (questions starting from a lower-case thing, written to tune on)',
      role: 'tuning family of round 30',
      sets: [1, 2, 3].map((seed) => breweryPlant(seed)),
    },
    {
      key: 'dispatch',
      family: 'dispatch yard (bridges written two to four ways across notes, written to tune on)',
      role: 'tuning family of round 31',
      sets: [1, 2, 3].map((seed) => dispatchYard(seed)),
    },
    {
      key: 'sites',
      family: 'site register (a site named in full, by initialism or by nickname across notes, written to tune on)',
      role: 'tuning family of round 32',
      sets: [1, 2, 3].map((seed) => siteRegister(seed)),
    },
    ...split(
      [
        ['pumps', 'hospital infusion pumps (quantities with units, written to tune on)', infusionPumps],
        ['halls', 'data centre power (quantities with units, written to tune on)', hallPower],
      ],
      'tuning family of round 20',
    ),
    ...split(
      [
        ['manuscripts', 'archive manuscripts', archiveManuscripts],
        ['bridges', 'bridge builders', bridgeBuilders],
        ['satellites', 'satellite downlinks', satelliteDownlinks],
      ],
      'held out (round 6)',
      'held-out 6',
    ),
    ...split(
      [
        ['racing', 'racing yards', racingYards],
        ['lots', 'medicine lots', medicineLots],
        ['wine', 'wine cuvées', wineCuvees],
      ],
      'held out (round 7)',
      'held-out 7',
    ),
    ...split(
      [
        ['huts', 'mountain huts', mountainHuts],
        ['patents', 'patent filings', patentFilings],
        ['water', 'water supply', waterSupply],
      ],
      'held out (round 9)',
      'held-out 8',
    ),
    ...split(
      [
        ['dockets', 'court dockets', courtDockets],
        ['violins', 'violin players', violinPlayers],
        ['mills', 'grain mills', grainMills],
      ],
      'held out (round 10)',
      'held-out 9',
    ),
    ...split(
      [
        ['loans', 'museum loans', museumLoans],
        ['ferries', 'ferry masters', ferryMasters],
        ['seeds', 'seed keepers', seedKeepers],
      ],
      'held out (round 11)',
      'held-out 10',
    ),
    ...split(
      [
        ['leases', 'office leases', officeLeases],
        ['entities', 'legal entities', legalEntities],
        ['campaigns', 'marketing campaigns', marketingCampaigns],
      ],
      'held out (round 12)',
      'held-out 11',
    ),
    ...split(
      [
        ['hiring', 'agency hiring', agencyHiring],
        ['audits', 'compliance audits', complianceAudits],
        ['tills', 'till rollouts', tillRollouts],
      ],
      'held out (round 13)',
      'held-out 12',
    ),
    ...split(
      [
        ['plant', 'plant insurance', plantInsurance],
        ['books', 'book distribution', bookDistribution],
        ['circuits', 'site circuits', siteCircuits],
      ],
      'held out (round 14)',
      'held-out 13',
    ),
    ...split(
      [
        ['turbines', 'wind turbines', windTurbines],
        ['presses', 'moulded parts', mouldedParts],
        ['stations', 'radio stations', radioStations],
      ],
      'held out (round 20)',
      'held-out 14',
    ),
    ...split(
      [
        ['frameworks', 'purchasing frameworks', purchasingFrameworks],
        ['resellers', 'reseller funds', resellerFunds],
        ['plasmids', 'plasmid stocks', plasmidStocks],
      ],
      'held out (round 20, second split)',
      'held-out 15',
    ),
    ...split(
      [
        ['gateways', 'service gateways', serviceGateways],
        ['handling', 'ground handling', groundHandling],
        ['repairs', 'repair workshops', repairWorkshops],
      ],
      'held out (round 21)',
      'held-out 16',
    ),
    ...split(
      [
        ['walkrounds', 'safety walk-rounds', safetyWalkrounds],
        ['chemicals', 'cleaning chemicals', cleaningChemicals],
        ['signoffs', 'purchase sign-offs', purchaseSignoffs],
      ],
      'held out (round 30)',
      'held-out 17',
    ),
    ...split(
      [
        ['freezers', 'lab freezers', labFreezers],
        ['hauliers', 'supply hauliers', supplyHauliers],
        ['crews', 'line crews', lineCrews],
      ],
      'held out (round 30, second split)',
      'held-out 18',
    ),
    ...split(
      [
        ['reagents', 'reagent lots', reagentLots],
        ['vans', 'pool vans', poolVans],
        ['renewals', 'site renewals', siteRenewals],
      ],
      'held out (round 31)',
      'held-out 19',
    ),
    ...split(
      [
        ['printers', 'print fleet', printFleet],
        ['claims', 'insurance claims', insuranceClaims],
        ['grants', 'programme grants', programmeGrants],
      ],
      'held out (round 32)',
      'held-out 20',
    ),
    ...split(
      [
        ['gritting', 'road gritting', roadGritting],
        ['equipment', 'equipment loans', equipmentLoans],
        ['touring', 'touring shows', touringShows],
      ],
      'held out (round 33)',
      'held-out 21',
    ),
  ];
  return families.filter((family) => keys.has(family.key));
}

/** The split a family is pooled in. */
export function splitOf(key: string, families: readonly MultiHopFamily[]): string {
  return families.find((family) => family.key === key)?.split ?? 'tuning';
}
