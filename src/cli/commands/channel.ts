import { InvalidInputError } from '../../client/types.ts';
import { isValidCompanyId } from '../../domain/ids.ts';
import { checkChannelName } from '../../federation/channels.ts';
import type { ChannelMessage } from '../../federation/channels.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { UsageError } from '../errors.ts';
import { printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';

function partnerIdArgument(field: string, id: string): string {
  if (!isValidCompanyId(id)) {
    throw new UsageError(`invalid ${field} "${id}": use 1-63 lowercase letters, digits and "-" (e.g. "globex")`);
  }
  return id;
}

function channelArgument(channel: string): string {
  try {
    return checkChannelName(channel);
  } catch (error) {
    if (error instanceof InvalidInputError) throw new UsageError(error.message);
    throw error;
  }
}

function line(message: ChannelMessage): string {
  const arrow = message.direction === 'out' ? `→ ${message.partnerId}` : `← ${message.partnerId}`;
  const state =
    message.direction === 'out'
      ? message.ackedAt
        ? 'acknowledged'
        : 'in outbox'
      : `received ${message.ackedAt ?? ''}`;
  return `#${message.channel} ${arrow} #${message.seq} [${message.sender}] ${message.body}  (${state})`;
}

const send = defineCommand(
  {
    name: 'channel send',
    synopsis: '<companyId> <partnerId> <channel> <text> [--from <sender>] [--id <messageId>] [--json]',
    summary: 'Send a message on a durable channel to a partner company: in order, once, signed.',
    details: `The message is written to the company's outbox and delivered by its channel workflow to the
partner's "synthorg serve" address, signed with the key the partner issued ("partner add … --key").
Delivery is retried until the partner acknowledges it; messages of one channel arrive in the order
they were sent, each once. The partner reads it with "synthorg channel list", and its agents see it.
Options:
  --from <sender>   who sends it (an agent id; default "operator")
  --id <messageId>  an id of your own: sending the same id again is the same message
  --json            print the message {"companyId","partnerId","channel","direction","seq","messageId",…}`,
    positionals: ['companyId', 'partnerId', 'channel', 'text'],
    flags: ['json'],
    options: ['from', 'id'],
  },
  async ({ flags, positionals, options }) => {
    const companyId = companyIdArgument(positionals.companyId);
    const partnerId = partnerIdArgument('partner id', positionals.partnerId);
    const channel = channelArgument(positionals.channel);
    if (positionals.text.trim() === '') throw new UsageError('invalid text: the message is empty');
    if (options.from !== undefined && options.from.trim() === '') throw new UsageError('invalid --from: empty');
    if (options.id !== undefined && (options.id.trim() === '' || options.id.length > 200)) {
      throw new UsageError('invalid --id: use 1-200 characters');
    }
    return withClient(async (api) => {
      const message = await api.channels.send({
        companyId,
        partnerId,
        channel,
        body: positionals.text,
        ...(options.from !== undefined ? { sender: options.from } : {}),
        ...(options.id !== undefined ? { messageId: options.id } : {}),
      });
      if (flags.json) printJson(message);
      else printLines([`sent #${message.seq} on #${channel} to ${partnerId} (message ${message.messageId})`]);
      return 0;
    });
  },
);

const list = defineCommand(
  {
    name: 'channel list',
    synopsis: '<companyId> [--partner <id>] [--channel <name>] [--direction in|out] [--limit <n>] [--json]',
    summary: "List the company's channel messages, sent (with their acknowledgement) and received.",
    details: `Options:
  --partner <id>      only this partner's channels
  --channel <name>    only this channel
  --direction in|out  only received (in) or sent (out) messages
  --limit <n>         the latest n messages (default 200)
  --json              print [{"companyId","partnerId","channel","direction","seq","messageId","sender","body","sentAt","ackedAt"}]`,
    positionals: ['companyId'],
    flags: ['json'],
    options: ['partner', 'channel', 'direction', 'limit'],
  },
  async ({ flags, positionals, options }) => {
    const companyId = companyIdArgument(positionals.companyId);
    if (options.partner !== undefined) partnerIdArgument('--partner', options.partner);
    if (options.channel !== undefined) channelArgument(options.channel);
    if (options.direction !== undefined && options.direction !== 'in' && options.direction !== 'out') {
      throw new UsageError(`invalid --direction "${options.direction}": use "in" or "out"`);
    }
    const limit = options.limit === undefined ? undefined : Number(options.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0 && limit <= 10_000)) {
      throw new UsageError(`invalid --limit "${options.limit}": use a whole number from 1 to 10000`);
    }
    return withClient(async (api) => {
      const messages = await api.channels.list({
        companyId,
        ...(options.partner !== undefined ? { partnerId: options.partner } : {}),
        ...(options.channel !== undefined ? { channel: options.channel } : {}),
        ...(options.direction !== undefined ? { direction: options.direction as 'in' | 'out' } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
      if (flags.json) printJson(messages);
      else if (messages.length === 0) printLines([`${companyId} has no channel messages`]);
      else printLines(messages.map(line));
      return 0;
    });
  },
);

export const run = defineFamily('channel', 'Durable, ordered, signed message channels with partner companies.', [
  send,
  list,
]);
