import type { BenchAdmission } from './admission-signals.ts';
import type { QuietWait } from './quiet-waits.ts';
import type { TrunkVariants, Variant } from './trunk-compare.ts';

/**
 * The variants bench/trunk.ts runs without a comparison: raw Temporal, SynthOrg on the embedded PGlite (via the
 * company, direct, and direct with the polling wait), and SynthOrg on PostgreSQL direct where `startPostgres` starts one
 * (it gives its URL, else undefined).
 */
export async function defaultVariants(
  { rawVariant, synthorgVariant }: Pick<TrunkVariants, 'rawVariant' | 'synthorgVariant'>,
  embeddedUrl: string,
  startPostgres: () => Promise<string | undefined>,
): Promise<Variant[]> {
  const variants = [
    await rawVariant(),
    await synthorgVariant('SynthOrg, PGlite, via company', embeddedUrl, 'company'),
    await synthorgVariant('SynthOrg, PGlite, direct', embeddedUrl, 'direct'),
    await synthorgVariant('SynthOrg, PGlite, direct, polling wait', embeddedUrl, 'direct', { wait: 'poll' }),
  ];
  const real = await startPostgres();
  if (real) variants.push(await synthorgVariant('SynthOrg, PostgreSQL, direct', real, 'direct'));
  return variants;
}

/** Raw Temporal, and each quiet wait asked for (`--wait`): PostgreSQL direct, else PGlite. */
export async function waitVariants(
  waits: QuietWait[],
  {
    rawVariant,
    synthorgVariant,
    directDatabase,
  }: Pick<TrunkVariants, 'rawVariant' | 'synthorgVariant' | 'directDatabase'>,
): Promise<Variant[]> {
  const { url, database } = await directDatabase();
  const variants = [await rawVariant()];
  for (const quiet of waits)
    variants.push(await synthorgVariant(`${database}, direct, ${quiet} wait`, url, 'direct', { quiet }));
  return variants;
}

/** Raw Temporal, and each admission signalling asked for (`--admission`): PostgreSQL direct, else PGlite. */
export async function admissionVariants(
  signallings: BenchAdmission[],
  {
    rawVariant,
    synthorgVariant,
    directDatabase,
  }: Pick<TrunkVariants, 'rawVariant' | 'synthorgVariant' | 'directDatabase'>,
): Promise<Variant[]> {
  const { url, database } = await directDatabase();
  const variants = [await rawVariant()];
  for (const signalling of signallings)
    variants.push(
      await synthorgVariant(`${database}, direct, ${signalling === 'none' ? 'no' : signalling} signal`, url, 'direct', {
        signalling,
      }),
    );
  return variants;
}
