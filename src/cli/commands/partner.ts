import { InvalidInputError } from '../../client/types.ts';
import { isValidCompanyId } from '../../domain/ids.ts';
import { checkPartnerUrl } from '../../federation/partners.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { UsageError } from '../errors.ts';
import { printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';

function partnerIdArgument(id: string): string {
  if (!isValidCompanyId(id)) {
    throw new UsageError(`invalid partner id "${id}": use 1-63 lowercase letters, digits and "-" (e.g. "globex")`);
  }
  return id;
}

function checkUrl(url: string): void {
  try {
    checkPartnerUrl(url);
  } catch (error) {
    if (error instanceof InvalidInputError) throw new UsageError(error.message);
    throw error;
  }
}

const add = defineCommand(
  {
    name: 'partner add',
    synopsis: '<companyId> <partnerId> [<url>|nexus:<endpoint>] [--key <key>] [--rate <perMinute>] [--json]',
    summary: 'Let a partner company call this one over A2A (and, with <url>, call it); prints the key to give it.',
    details: `<url> is the partner's A2A address as its operator gave it (its "synthorg serve" address); only
addresses given here are ever contacted. Its agent card is fetched and cached.
nexus:<endpoint> names a partner on this Temporal cluster ("synthorg partner link" on its side
prints it; the partner id is its company id): delegate_external then goes over Nexus.
The key printed is shown once: give it to the partner, who presents it as a bearer token. Only its
SHA-256 is stored. Adding a partner again issues a new key; the old one stops working.
Options:
  --key <key>          the key the partner issued to us, presented when we call it
  --rate <perMinute>   calls a minute the partner may make to us (default 120)
  --json               print {"partner","inboundKey","cardError"?}`,
    positionals: ['companyId', 'partnerId'],
    optionalPositionals: ['url'],
    flags: ['json'],
    options: ['key', 'rate'],
  },
  async ({ flags, positionals, optional, options }) => {
    const companyId = companyIdArgument(positionals.companyId);
    partnerIdArgument(positionals.partnerId);
    if (optional.url !== undefined) checkUrl(optional.url);
    const rate = options.rate === undefined ? undefined : Number(options.rate);
    if (rate !== undefined && !(Number.isInteger(rate) && rate > 0)) {
      throw new UsageError(`--rate must be a positive whole number of calls a minute, got "${options.rate}"`);
    }
    return withClient(async (api) => {
      const federation = await api.federation();
      const added = await federation.addPartner({
        companyId,
        partnerId: positionals.partnerId,
        ...(optional.url !== undefined ? { url: optional.url } : {}),
        ...(options.key !== undefined ? { outboundKey: options.key } : {}),
        ...(rate !== undefined ? { requestsPerMinute: rate } : {}),
      });
      if (flags.json) printJson(added);
      else
        printLines([
          `partner ${added.partner.partnerId} of ${companyId} added${added.partner.url ? ` at ${added.partner.url}` : ''}`,
          ...(added.partner.card
            ? [`card: ${added.partner.card.name}, skills ${added.partner.card.skills.join(', ')}`]
            : []),
          ...(added.cardError ? [`card not fetched: ${added.cardError}`] : []),
          `key for ${added.partner.partnerId} to call ${companyId} (shown once): ${added.inboundKey}`,
        ]);
      return 0;
    });
  },
);

const list = defineCommand(
  {
    name: 'partner list',
    synopsis: '<companyId> [--json]',
    summary: "List the company's partners, their addresses and cached cards (never their keys).",
    details: `Options:
  --json  print [{"companyId","partnerId","url","hasOutboundKey","requestsPerMinute","card"}]`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const companyId = companyIdArgument(positionals.companyId);
    return withClient(async (api) => {
      const partners = await (await api.federation()).listPartners(companyId);
      if (flags.json) printJson(partners);
      else if (partners.length === 0) printLines([`${companyId} has no partners (add one: synthorg partner add)`]);
      else
        printLines(
          partners.map(
            (partner) =>
              `${partner.partnerId}  ${partner.url ?? '(calls us only)'}  ${partner.requestsPerMinute}/min` +
              (partner.card ? `  skills: ${partner.card.skills.join(', ')}` : ''),
          ),
        );
      return 0;
    });
  },
);

const setKey = defineCommand(
  {
    name: 'partner set-key',
    synopsis: '<companyId> <partnerId> <key> [--json]',
    summary: 'Set the key a partner issued to us, keeping the key it calls us with.',
    details: `For two companies that call each other: A adds B (and gives B the key printed), B adds A with
--key <that key> (and gives A the key printed), then A runs "partner set-key A B <B's key>". Adding
B again instead would issue B a new key and stop the old one.
Options:
  --json  print {"companyId","partnerId","hasOutboundKey":true}`,
    positionals: ['companyId', 'partnerId', 'key'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const companyId = companyIdArgument(positionals.companyId);
    const partnerId = partnerIdArgument(positionals.partnerId);
    if (positionals.key.trim() === '') throw new UsageError('bad <key>: the key is empty');
    return withClient(async (api) => {
      await (await api.federation()).setPartnerKey(companyId, partnerId, positionals.key);
      if (flags.json) printJson({ companyId, partnerId, hasOutboundKey: true });
      else printLines([`${companyId} now calls partner ${partnerId} with the key it issued`]);
      return 0;
    });
  },
);

const remove = defineCommand(
  {
    name: 'partner remove',
    synopsis: '<companyId> <partnerId> [--json]',
    summary: 'Remove a partner; its key stops working at once.',
    details: `Options:
  --json  print {"companyId","partnerId","removed":true}`,
    positionals: ['companyId', 'partnerId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const companyId = companyIdArgument(positionals.companyId);
    return withClient(async (api) => {
      await (await api.federation()).removePartner(companyId, positionals.partnerId);
      if (flags.json) printJson({ companyId, partnerId: positionals.partnerId, removed: true });
      else printLines([`partner ${positionals.partnerId} of ${companyId} removed`]);
      return 0;
    });
  },
);

const link = defineCommand(
  {
    name: 'partner link',
    synopsis: '<companyId> [--json]',
    summary: 'Let companies of other namespaces on this Temporal cluster delegate to this one over Nexus.',
    details: `Creates (or re-points) the company's Nexus endpoint, synthorg-<namespace>-<companyId>, targeting
this namespace (TEMPORAL_NAMESPACE) and task queue, whose workers serve the delegation. A buyer on
the same cluster then adds it as a partner of kind nexus, with this company's id as the partner id:
  synthorg partner add <buyer> <companyId> nexus:<endpoint>
and its agents' delegate_external goes over Nexus (no HTTP; no negotiation or money).
Options:
  --json  print {"companyId","namespace","endpoint","partnerUrl"}`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const companyId = companyIdArgument(positionals.companyId);
    return withClient(async (api) => {
      await api.status(companyId);
      const endpoint = await api.nexus.linkSeller(companyId);
      const namespace = api.nexus.namespace;
      if (flags.json) printJson({ companyId, namespace, endpoint, partnerUrl: `nexus:${endpoint}` });
      else
        printLines([
          `${companyId} takes Nexus delegations at endpoint ${endpoint} (namespace ${namespace})`,
          `on a buyer of this cluster: synthorg partner add <buyer> ${companyId} nexus:${endpoint}`,
        ]);
      return 0;
    });
  },
);

export const run = defineFamily('partner', 'Partner companies reached over A2A or, on this cluster, Nexus.', [
  add,
  list,
  setKey,
  remove,
  link,
]);
