import { basename } from 'node:path';
import type { PackageFile } from './tarball.ts';

/** Files whose name alone says they hold credentials; their content is never looked at, or shipped. */
const secretFileNames: readonly [RegExp, string][] = [
  [/^\.env(\..+)?$/i, 'an environment file (.env)'],
  [/\.(pem|key|p12|pfx|jks|keystore|ppk)$/i, 'a key or certificate file'],
  [/^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/, 'an SSH key'],
  [/^\.(npmrc|netrc|pypirc|git-credentials)$/, 'a credentials file'],
  [/^credentials(\.json)?$/i, 'a credentials file'],
];

/** Content that looks like a credential; the value itself is never repeated in a message. */
const secretPatterns: readonly [RegExp, string][] = [
  [/-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/, 'a private key'],
  [/\bsk-ant-[A-Za-z0-9_-]{20,}/, 'an Anthropic API key'],
  [/\bsk-(proj-)?[A-Za-z0-9_-]{20,}/, 'an OpenAI-style API key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{22,}/, 'a GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\bnpm_[A-Za-z0-9]{36}\b/, 'an npm token'],
  [/_authToken\s*=/, 'an npm auth token'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
  [
    /\b(?:api[_-]?key|secret|token|password|passwd)\b["']?\s*[:=]\s*["']?[A-Za-z0-9/+_.-]{16,}/i,
    'a credential assignment',
  ],
];

/** Where a secret seems to be: `file:line: what it looks like`. */
export function findSecrets(files: readonly PackageFile[]): string[] {
  const findings: string[] = [];
  for (const file of files) {
    const byName = secretFileNames.find(([pattern]) => pattern.test(basename(file.path)));
    if (byName) {
      findings.push(`${file.path}: looks like ${byName[1]}; keep it out of the package`);
      continue;
    }
    const lines = file.content.toString('utf8').split('\n');
    lines.forEach((line, index) => {
      const match = secretPatterns.find(([pattern]) => pattern.test(line));
      if (match) findings.push(`${file.path}:${index + 1}: looks like ${match[1]}; remove it from the package`);
    });
  }
  return findings;
}
