import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { TemplatePackageError } from './errors.ts';

/**
 * The signature a publisher attaches to a package version in the registry (`synthorgSignature` in the
 * version's manifest): ed25519 over {@link signedMessage}, which binds the name, the version and the
 * tarball's `dist.integrity`. It cannot live inside the tarball, whose digest it signs.
 */
export const PackageSignature = z.strictObject({
  algorithm: z.literal('ed25519'),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /** The raw 32-byte public key, base64. */
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});
export type PackageSignature = z.infer<typeof PackageSignature>;

/** What is signed: never the integrity alone, so a signed tarball cannot be republished under another name or version. */
export function signedMessage(name: string, version: string, integrity: string): string {
  return `synthorg-template-signature:v1:${name}@${version}:${integrity}`;
}

/** A key's id: the first 16 hex digits of the SHA-256 of the raw public key. */
export function keyIdOf(publicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex').slice(0, 16);
}

export interface GeneratedKey {
  keyId: string;
  /** Raw 32-byte public key, base64: what `template trust add` takes. */
  publicKey: string;
  /** PKCS#8 PEM: keep it secret. */
  privateKeyPem: string;
}

export function generateSigningKey(): GeneratedKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey);
  return {
    keyId: keyIdOf(raw),
    publicKey: raw,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function rawPublicKey(key: ReturnType<typeof createPublicKey>): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
    throw new TemplatePackageError('the key is not an ed25519 key');
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

/** Signs a package version with a PEM private key (`template keygen` writes one). */
export function signPackage(privateKeyPem: string, name: string, version: string, integrity: string): PackageSignature {
  let privateKey;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new TemplatePackageError(`the signing key is not a PEM private key: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TemplatePackageError(
      `the signing key is ${privateKey.asymmetricKeyType ?? 'unknown'}, not ed25519 (make one with "synthorg template keygen")`,
    );
  }
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  const signature = sign(null, Buffer.from(signedMessage(name, version, integrity)), privateKey).toString('base64');
  return { algorithm: 'ed25519', keyId: keyIdOf(publicKey), publicKey, signature };
}

/** Whether the signature is genuine for this name, version and integrity (and its key id matches its key). */
export function signatureVerifies(
  signature: PackageSignature,
  name: string,
  version: string,
  integrity: string,
): boolean {
  if (keyIdOf(signature.publicKey) !== signature.keyId) return false;
  try {
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(signature.publicKey, 'base64').toString('base64url') },
      format: 'jwk',
    });
    return verify(
      null,
      Buffer.from(signedMessage(name, version, integrity)),
      key,
      Buffer.from(signature.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** A public key as users pass it to `template trust add`: raw base64 (what keygen prints) or an SPKI PEM. */
export function parsePublicKey(text: string): string {
  const trimmed = text.trim();
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return trimmed;
  try {
    return rawPublicKey(createPublicKey(trimmed));
  } catch {
    throw new TemplatePackageError(
      'not an ed25519 public key: give the base64 key "synthorg template keygen" printed, or a PEM public key file',
    );
  }
}
