import type { ShiftNow, ShiftRosterView } from '../../client/shift-client.ts';
import { durationPattern, durationToMs } from '../../domain/duration.ts';
import { companyIdArgument, defineCommand } from '../args.ts';
import { withClient } from '../client.ts';
import { UsageError } from '../errors.ts';
import { printJson, printLines } from '../output.ts';
import { defineFamily } from '../subcommands.ts';

const agentPattern = /^[a-z0-9][a-z0-9-_]*$/;

function agentArgument(value: string, what = 'agent'): string {
  const agent = value.trim();
  if (!agentPattern.test(agent)) throw new UsageError(`bad ${what} "${value}": use the agent's id, e.g. "cto"`);
  return agent;
}

function at(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function nowLines(now: ShiftNow): string[] {
  const lines = now.onDuty.map((duty) => {
    const until = duty.untilMs === null ? 'always (in no rotation)' : `until ${at(duty.untilMs)}`;
    const why = duty.reason === 'rotation' ? `${duty.rotation} shift` : duty.reason;
    return `  ${duty.agentId.padEnd(20)} ${why.padEnd(14)} ${until}`;
  });
  return [
    `on duty at ${at(now.atMs)} (${now.timezone}):`,
    ...(lines.length > 0 ? lines : ['  nobody']),
    now.nextChange ? `next change ${at(now.nextChange.atMs)}: ${now.nextChange.label}` : 'no change ahead',
  ];
}

function rosterLines(view: ShiftRosterView): string[] {
  const { roster } = view;
  return [
    `roster in ${roster.shifts.timezone}:`,
    ...roster.shifts.rotations.map(
      (rotation) =>
        `  ${rotation.name}: ${rotation.days.join(',')} ${rotation.start}–${rotation.end}: ${rotation.agents.join(', ')}`,
    ),
    ...Object.entries(roster.shifts.onCall).map(([department, agent]) => `  on call for ${department}: ${agent}`),
    ...roster.swaps.map(
      (swap) => `  swap: ${swap.from} → ${swap.to} in ${swap.rotation}${swap.date ? ` on ${swap.date}` : ''}`,
    ),
    ...roster.callIns.map((callIn) => `  called in: ${callIn.agentId} until ${at(callIn.untilMs)} (${callIn.reason})`),
    ...roster.offDuty.map((off) => `  off duty: ${off.agentId} until ${at(off.untilMs)}`),
    'coming shifts:',
    ...view.upcoming
      .slice(0, 12)
      .map((shift) => `  ${shift.date} ${shift.rotation} ${at(shift.startMs)} – ${at(shift.endMs)}`),
  ];
}

const roster = defineCommand(
  {
    name: 'shift roster',
    synopsis: '<companyId> [--json]',
    summary: "Show the company's rotations, on-call agents, swaps, call-ins and the coming shifts.",
    details: `Options:
  --json  print {"roster":{"shifts","swaps","callIns","offDuty"},"upcoming":[{"rotation","date","startMs","endMs","start","end"}]}`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withClient(async (api) => {
      const view = await api.shifts().roster(id);
      if (flags.json) printJson(view);
      else printLines(rosterLines(view));
      return 0;
    });
  },
);

const now = defineCommand(
  {
    name: 'shift now',
    synopsis: '<companyId> [--json]',
    summary: 'Who is on duty, until when, and the next shift change.',
    details: `Options:
  --json  print {"atMs","timezone","onDuty":[{"agentId","reason","rotation"?,"untilMs"}],"rostered","nextChange":{"atMs","label"}|null}`,
    positionals: ['companyId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    return withClient(async (api) => {
      const current = await api.shifts().now(id);
      if (flags.json) printJson(current);
      else printLines(nowLines(current));
      return 0;
    });
  },
);

const swap = defineCommand(
  {
    name: 'shift swap',
    synopsis: '<companyId> <agentA> <agentB> --rotation <name> [--date YYYY-MM-DD] [--json]',
    summary: 'agentA gives its place in a rotation to agentB, on one date or from now on.',
    details: `An unknown agent or rotation, agentA not in the rotation, agentB already in it, or a past date
exits 2 with the reason and changes nothing.
Options:
  --rotation <name>  the rotation (required)
  --date <date>      the local date the shift starts on; without it the swap holds from now on
  --json             print who is on duty after the swap (as "shift now --json")`,
    positionals: ['companyId', 'agentA', 'agentB'],
    flags: ['json'],
    options: ['rotation', 'date'],
  },
  async ({ flags, positionals, options }) => {
    const id = companyIdArgument(positionals.companyId);
    const from = agentArgument(positionals.agentA);
    const to = agentArgument(positionals.agentB);
    const rotation = options.rotation?.trim();
    if (!rotation) throw new UsageError('shift swap needs --rotation <name>');
    if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) {
      throw new UsageError(`bad --date "${options.date}": use YYYY-MM-DD`);
    }
    return withClient(async (api) => {
      const after = await api
        .shifts()
        .swap(id, { rotation, from, to, ...(options.date ? { date: options.date } : {}) });
      if (flags.json) printJson(after);
      else
        printLines([
          `${to} takes ${from}'s place in ${rotation}${options.date ? ` on ${options.date}` : ''}`,
          ...nowLines(after),
        ]);
      return 0;
    });
  },
);

const callIn = defineCommand(
  {
    name: 'shift call-in',
    synopsis: '<companyId> <agentId> [--for 2h] [--json]',
    summary: 'Put an agent on duty now, for a while (default 2h); waiting work for its role starts.',
    details: `Options:
  --for <duration>  how long, e.g. 30m, 2h, 1d (at most 7d)
  --json            print who is on duty after the call-in (as "shift now --json")`,
    positionals: ['companyId', 'agentId'],
    flags: ['json'],
    options: ['for'],
  },
  async ({ flags, positionals, options }) => {
    const id = companyIdArgument(positionals.companyId);
    const agentId = agentArgument(positionals.agentId);
    let forMs: number | undefined;
    if (options.for !== undefined) {
      if (!durationPattern.test(options.for))
        throw new UsageError(`bad --for "${options.for}": use e.g. 30m, 2h or 1d`);
      forMs = durationToMs(options.for);
    }
    return withClient(async (api) => {
      const after = await api.shifts().callIn(id, agentId, forMs, 'operator');
      if (flags.json) printJson(after);
      else printLines([`${agentId} called in`, ...nowLines(after)]);
      return 0;
    });
  },
);

const off = defineCommand(
  {
    name: 'shift off',
    synopsis: '<companyId> <agentId> [--json]',
    summary: 'Send an on-duty agent off duty until its shift would have ended; its tasks are handed over.',
    details: `Options:
  --json  print who is on duty after (as "shift now --json")`,
    positionals: ['companyId', 'agentId'],
    flags: ['json'],
    options: [],
  },
  async ({ flags, positionals }) => {
    const id = companyIdArgument(positionals.companyId);
    const agentId = agentArgument(positionals.agentId);
    return withClient(async (api) => {
      const after = await api.shifts().offDuty(id, agentId);
      if (flags.json) printJson(after);
      else printLines([`${agentId} is off duty`, ...nowLines(after)]);
      return 0;
    });
  },
);

export const run = defineFamily('shift', 'Shifts: who is on duty, swaps, call-ins (docs/shifts.md).', [
  roster,
  now,
  swap,
  callIn,
  off,
]);
