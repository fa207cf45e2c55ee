import {
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { companyWorkflowId } from '../src/domain/ids.ts';
import { formatIssues } from '../src/domain/plain-schema.ts';
import type { ShiftInterval } from '../src/domain/shifts/calendar.ts';
import { localDate } from '../src/domain/shifts/calendar.ts';
import { rotationForHire, withHire } from '../src/domain/shifts/hires.ts';
import { callInProblem, defaultCallInMs, swapProblem } from '../src/domain/shifts/roster-changes.ts';
import { rosterIssues } from '../src/domain/shifts/roster-issues.ts';
import type { Roster } from '../src/domain/shifts/roster.ts';
import { emptyRoster, nextChange, onDutyAt, pruneRoster, rosteredAgents } from '../src/domain/shifts/roster.ts';
import { parseShiftsSpec, safeParseShiftsSpec } from '../src/domain/shifts/shifts-spec-parse.ts';
import { isKnownZone, zoneOffsetAt } from '../src/domain/shifts/zone-offset.ts';
import { companyIdKey } from '../src/domain/search-attributes.ts';
import type { ShiftChange, ShiftNow, ShiftWorkflowInput } from './contracts/shifts.ts';
import {
  agentHiredSignal,
  callInUpdate,
  offDutyUpdate,
  onDutyQuery,
  pageSignal,
  rosterQuery,
  setRosterUpdate,
  shiftChangeSignal,
  stopShiftsSignal,
  swapUpdate,
} from './contracts/shifts.ts';

const { shiftCalendar } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const dayMs = 86_400_000;
/** How far ahead shifts are computed: a week, so a run wakes for a refresh once a day at most. */
const horizonDays = 8;
/** Bounds the history: a few events per boundary, a handful of boundaries a day. */
const defaultHistoryLimit = 2_000;

/**
 * The shift system of one company (docs/shifts.md): sleeps on a timer until the next boundary,
 * tells the company who is on duty, and continues as new with its roster. Timers only: it makes no
 * model call and polls nothing, so an idle company costs nothing.
 */
export async function shiftWorkflow(input: ShiftWorkflowInput): Promise<void> {
  const { company } = input;
  let roster: Roster = input.roster;
  let intervals: ShiftInterval[] = input.intervals ?? [];
  let horizonMs = input.horizonMs ?? 0;
  let lastToldKey = input.lastToldKey;
  const generation = input.generation ?? 0;
  /** Roster changes made, and the newest one the company has been told about. */
  let revision = 0;
  let settled = 0;
  let stopped = false;
  let calendarStale = intervals.length === 0;
  const agentIds = company.agents.map((agent) => agent.id);

  const now = (): ShiftNow => {
    const atMs = Date.now();
    const next = nextChange(roster, intervals, atMs);
    return {
      atMs,
      timezone: roster.shifts.timezone,
      onDuty: onDutyAt(roster, intervals, atMs, agentIds),
      rostered: [...rosteredAgents(roster)].sort(),
      nextChange: next ?? null,
      generation,
    };
  };
  // Validators do not run on replay, so they may read the zone data (Intl); handlers never do.
  const today = () => localDate(Date.now(), zoneOffsetAt(roster.shifts.timezone));
  // An update returns once the loop has told the company about its change (and any before it).
  const changes = async (): Promise<ShiftNow> => {
    const mine = ++revision;
    await condition(() => settled >= mine);
    return now();
  };

  upsertSearchAttributes([{ key: companyIdKey, value: company.id }]);
  setHandler(onDutyQuery, now);
  setHandler(rosterQuery, () => ({ roster, upcoming: intervals.filter((interval) => interval.endMs > Date.now()) }));
  setHandler(stopShiftsSignal, () => void (stopped = true));
  setHandler(pageSignal, ({ agentId, forMs, reason }) => {
    if (callInProblem(agentIds, agentId, forMs) !== undefined) return;
    roster.callIns.push({ agentId, untilMs: Date.now() + (forMs ?? defaultCallInMs), reason: reason ?? 'paged' });
    revision++;
  });
  setHandler(agentHiredSignal, (hired) => {
    if (typeof hired?.id !== 'string' || agentIds.includes(hired.id)) return;
    const agent = { id: hired.id, role: String(hired.role), department: String(hired.department) };
    company.agents.push(agent);
    agentIds.push(agent.id);
    const rotation = rotationForHire(roster.shifts, company.agents, agent);
    if (rotation !== undefined) roster = { ...roster, shifts: withHire(roster.shifts, rotation, agent.id) };
    // The company holds the hire off duty until told, even when it stays in no rotation: tell it again.
    lastToldKey = undefined;
    revision++;
  });
  setHandler(
    setRosterUpdate,
    async (spec) => {
      // Zod-free, the same roster as ShiftsSpec.parse (test/domain/plain-schema-parity.test.ts): no patch needed.
      const shifts = parseShiftsSpec(spec);
      // Swaps name the old rotations; call-ins and off duty stand.
      roster = { ...emptyRoster(shifts), callIns: roster.callIns, offDuty: roster.offDuty };
      calendarStale = true;
      return changes();
    },
    {
      validator: (spec) => {
        const parsed = safeParseShiftsSpec(spec);
        if (!parsed.success) throw new Error(formatIssues(parsed.issues));
        if (!isKnownZone(parsed.data.timezone))
          throw new Error(`timezone: unknown time zone "${parsed.data.timezone}"`);
        const issues = rosterIssues(parsed.data, company);
        if (issues.length > 0)
          throw new Error(issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
      },
    },
  );
  setHandler(
    swapUpdate,
    async (swap) => {
      roster.swaps.push({
        rotation: swap.rotation,
        from: swap.from,
        to: swap.to,
        ...(swap.date ? { date: swap.date } : {}),
      });
      return changes();
    },
    {
      validator: (swap) => {
        if (typeof swap !== 'object' || swap === null) throw new Error('a swap needs rotation, from and to');
        const problem = swapProblem(roster, agentIds, swap, today());
        if (problem) throw new Error(problem);
      },
    },
  );
  setHandler(
    callInUpdate,
    async ({ agentId, forMs, reason }) => {
      roster.offDuty = roster.offDuty.filter((off) => off.agentId !== agentId);
      roster.callIns.push({ agentId, untilMs: Date.now() + (forMs ?? defaultCallInMs), reason: reason ?? 'operator' });
      return changes();
    },
    {
      validator: (callIn) => {
        const problem = callInProblem(agentIds, callIn?.agentId, callIn?.forMs);
        if (problem) throw new Error(problem);
      },
    },
  );
  setHandler(
    offDutyUpdate,
    async ({ agentId }) => {
      const entry = now().onDuty.find((duty) => duty.agentId === agentId);
      roster.callIns = roster.callIns.filter((callIn) => callIn.agentId !== agentId);
      // Off until the shift it is in would have ended; an agent in no rotation until told back (a week at most).
      roster.offDuty.push({ agentId, untilMs: entry?.untilMs ?? Date.now() + 7 * dayMs });
      return changes();
    },
    {
      validator: (request) => {
        const agentId = request?.agentId;
        if (typeof agentId !== 'string' || !agentIds.includes(agentId))
          throw new Error(`unknown agent "${String(agentId)}"`);
        if (calendarStale) throw new Error('the shift calendar is being computed; try again in a moment');
        if (!now().onDuty.some((duty) => duty.agentId === agentId))
          throw new Error(`agent "${agentId}" is not on duty`);
      },
    },
  );

  const historyLimit = input.historyLimit ?? defaultHistoryLimit;
  while (!stopped) {
    const atMs = Date.now();
    const seen = revision;
    if (calendarStale || atMs + dayMs >= horizonMs) {
      horizonMs = atMs + horizonDays * dayMs;
      intervals = await shiftCalendar({ shifts: roster.shifts, fromMs: atMs - dayMs, toMs: horizonMs });
      calendarStale = false;
    }
    intervals = intervals.filter((interval) => interval.endMs > atMs - dayMs);
    const current = now();
    // The latest shift already begun is of today or yesterday: dated swaps before it are spent.
    const begun = intervals.filter((interval) => interval.startMs <= atMs).map((interval) => interval.date);
    if (begun.length > 0) roster = pruneRoster(roster, atMs, begun.sort().at(-1)!);
    const onDuty = current.onDuty.map((duty) => duty.agentId);
    const key = `${onDuty.join(',')}|${current.rostered.join(',')}|${JSON.stringify(roster.shifts.onCall)}`;
    if (key !== lastToldKey) {
      await tellCompany(company.id, {
        onDuty,
        rostered: current.rostered,
        atMs,
        label: current.nextChange?.label ?? 'roster',
        onCall: roster.shifts.onCall,
      });
      lastToldKey = key;
    }
    settled = seen;
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit) break;

    const wakeAt = Math.min(current.nextChange?.atMs ?? Infinity, horizonMs - dayMs);
    const summary =
      current.nextChange && current.nextChange.atMs === wakeAt
        ? current.nextChange.label
        : 'refresh the shift calendar';
    await sleepUntil(Math.max(1, wakeAt - Date.now()), summary, () => revision > settled || stopped);
  }
  if (stopped) return;
  // Updates that arrive now are carried into the next run, which tells the company; they need not wait for it.
  settled = Number.MAX_SAFE_INTEGER;
  await condition(allHandlersFinished);
  await continueAsNew<typeof shiftWorkflow>({
    company,
    roster,
    intervals,
    horizonMs,
    ...(lastToldKey !== undefined ? { lastToldKey } : {}),
    generation: generation + 1,
    historyLimit,
  });
}

/** A timer with its summary in the Web UI, cut short when `wake` turns true (a roster change). */
async function sleepUntil(ms: number, summary: string, wake: () => boolean): Promise<void> {
  let fired = false;
  const scope = new CancellationScope();
  void scope
    .run(() => sleep(ms, { summary }))
    .then(
      () => void (fired = true),
      () => undefined,
    );
  await condition(() => fired || wake());
  if (!fired) scope.cancel();
}

async function tellCompany(companyId: string, change: ShiftChange): Promise<void> {
  try {
    await getExternalWorkflowHandle(companyWorkflowId(companyId)).signal(shiftChangeSignal, change);
  } catch (error) {
    // A company that is gone no longer needs telling; the roster still answers queries.
    log.warn('company did not take the shift change', { error: String(error) });
  }
}
