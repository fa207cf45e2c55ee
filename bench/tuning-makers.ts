/**
 * The tuning side's family generators by key, for the benches that diagnose or compare on it
 * (bench/multi-hop-diagnose.ts, bench/multi-hop-failures.ts, bench/chain-repair-ab.ts,
 * bench/answer-hop-failures.ts) and count the question reader's errors (bench/question-reader.ts). No
 * held-out split is here: a bench that imports only this cannot read one.
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

export const tuningMakers: Readonly<Record<string, (seed: number) => HeldOutSet>> = {
  handbook: operationsHandbook,
  catalogue: serviceCatalogue,
  accounts: customerAccounts,
  research: researchGroups,
  parts: partsSupply,
  assets: assetDesk,
  // Round 3's held-out split, diagnosed in round 4.
  events: eventVenues,
  releases: softwareReleases,
  clinics: clinicSamples,
  // Round 4's held-out split, diagnosed in round 5.
  fleet: fleetDepots,
  courses: universityCourses,
  cafes: cafeSupply,
  // Round 5's held-out split, diagnosed in round 6.
  tickets: supportTickets,
  containers: containerShipping,
  concerts: concertSoloists,
  // Written in round 12 to split 10's described properties.
  steam: heritageSteam,
  // Written in round 13 to split 11's described style (handbook paragraphs that mix entities).
  canteens: siteCatering,
  licences: softwareLicences,
  // Written in round 14 to split 13's described style (mail and wiki notes, value answers).
  vending: officeVending,
  // Written in round 20: answers that are quantities with units.
  pumps: infusionPumps,
  halls: hallPower,
  // Written in round 20: notes that are pasted tables (CSV, TSV, pipe), superseded rows.
  tables: equipmentTables,
  // Written in round 30: questions that start from a lower-case thing, not an entity.
  brewery: breweryPlant,
  // Written in round 31: bridges written two to four ways across notes.
  dispatch: dispatchYard,
  // Written in round 32: a bridge named by initialism or nickname in one note, in full in another.
  sites: siteRegister,
};

/** The families a failure count or an A/B runs by default: the handbook and the splits diagnosed since. */
export const defaultTuningFamilies = [
  'handbook',
  'events',
  'releases',
  'clinics',
  'fleet',
  'courses',
  'cafes',
  'tickets',
  'containers',
  'concerts',
  'steam',
  'canteens',
  'licences',
  'vending',
  'pumps',
  'halls',
  'tables',
  'brewery',
  'dispatch',
  'sites',
];

/** The generator of one tuning family; an unknown key names the known ones. */
export function tuningMaker(family: string): (seed: number) => HeldOutSet {
  const make = tuningMakers[family];
  if (!make) throw new Error(`unknown family ${family}; one of ${Object.keys(tuningMakers).join(', ')}`);
  return make;
}
