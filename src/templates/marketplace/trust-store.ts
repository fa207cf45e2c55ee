import { join } from 'node:path';
import { z } from 'zod';
import { TemplatePackageError } from './errors.ts';
import { readJsonFile, writeJsonFile } from './json-file.ts';
import { keyIdOf, PackageSignature, parsePublicKey, signatureVerifies } from './signing.ts';

export const TrustedKey = z.strictObject({
  keyId: z.string(),
  publicKey: z.string(),
  name: z.string(),
  addedAt: z.string(),
});
export type TrustedKey = z.infer<typeof TrustedKey>;

const TrustFile = z.strictObject({ keys: z.array(TrustedKey) });

/** Keys whose signatures the operator trusts, under `$SYNTHORG_HOME/templates/trusted-keys.json`. */
export class TrustStore {
  readonly path: string;

  constructor(templatesDirectory: string) {
    this.path = join(templatesDirectory, 'trusted-keys.json');
  }

  async list(): Promise<TrustedKey[]> {
    return (await readJsonFile(this.path, TrustFile, { keys: [] })).keys;
  }

  /** Adds a key (idempotent: the same key twice keeps the first entry's name). */
  async add(publicKeyText: string, name?: string): Promise<{ key: TrustedKey; added: boolean }> {
    const publicKey = parsePublicKey(publicKeyText);
    const keyId = keyIdOf(publicKey);
    const keys = await this.list();
    const existing = keys.find((key) => key.keyId === keyId);
    if (existing) return { key: existing, added: false };
    const key = { keyId, publicKey, name: name ?? keyId, addedAt: new Date().toISOString() };
    await writeJsonFile(this.path, { keys: [...keys, key] });
    return { key, added: true };
  }

  async remove(keyIdOrName: string): Promise<TrustedKey> {
    const keys = await this.list();
    const key = keys.find((candidate) => candidate.keyId === keyIdOrName || candidate.name === keyIdOrName);
    if (!key) {
      throw new TemplatePackageError(
        `no trusted key "${keyIdOrName}" (trusted: ${keys.map((candidate) => `${candidate.keyId} (${candidate.name})`).join(', ') || 'none'})`,
      );
    }
    await writeJsonFile(this.path, { keys: keys.filter((candidate) => candidate !== key) });
    return key;
  }
}

/** How far a package version can be trusted: signed by a trusted key, signed by another key, unsigned, or a bad signature. */
export type TrustTier = 'trusted' | 'signed' | 'unsigned' | 'invalid';

export interface TrustAssessment {
  tier: TrustTier;
  /** One sentence: why this tier. */
  reason: string;
  keyId?: string;
  signer?: string;
}

/** Judges a version's signature against the trust list. `signature` is the raw field from the registry. */
export function assessTrust(
  signature: unknown,
  name: string,
  version: string,
  integrity: string | undefined,
  trusted: readonly TrustedKey[],
): TrustAssessment {
  if (signature === undefined || signature === null) {
    return { tier: 'unsigned', reason: 'no signature: the publisher did not sign this version' };
  }
  const parsed = PackageSignature.safeParse(signature);
  if (!parsed.success) return { tier: 'invalid', reason: 'the signature field is malformed' };
  const value: PackageSignature = parsed.data;
  if (integrity === undefined)
    return {
      tier: 'invalid',
      reason: 'the registry gives no dist.integrity to check the signature against',
      keyId: value.keyId,
    };
  if (!signatureVerifies(value, name, version, integrity)) {
    return {
      tier: 'invalid',
      reason: `the signature by key ${value.keyId} does not verify for ${name}@${version} and its integrity`,
      keyId: value.keyId,
    };
  }
  const key = trusted.find((candidate) => candidate.keyId === value.keyId && candidate.publicKey === value.publicKey);
  if (key)
    return {
      tier: 'trusted',
      reason: `signed by trusted key ${key.keyId} (${key.name})`,
      keyId: key.keyId,
      signer: key.name,
    };
  return {
    tier: 'signed',
    reason: `signed by key ${value.keyId}, which is not in your trust list (synthorg template trust add ${value.publicKey})`,
    keyId: value.keyId,
  };
}
