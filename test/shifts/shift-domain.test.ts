import { describe, expect, it } from 'vitest';
import { ShiftsSpec } from '../../src/config/shift-schema.ts';
import { localDate, localToInstant, shiftIntervals } from '../../src/domain/shifts/calendar.ts';
import { emptyRoster, nextChange, onDutyAt } from '../../src/domain/shifts/roster.ts';
import { coverageWarnings, rosterIssues } from '../../src/domain/shifts/roster-issues.ts';
import { rotationForHire, withHire } from '../../src/domain/shifts/hires.ts';
import { handoffTarget, hasRoom, routeTask } from '../../src/domain/shifts/routing.ts';
import { zoneOffsetAt } from '../../src/domain/shifts/zone-offset.ts';

const berlin = zoneOffsetAt('Europe/Berlin');
const utc = (text: string) => Date.parse(text);
const iso = (ms: number) => new Date(ms).toISOString();

const roster = ShiftsSpec.parse({
  timezone: 'Europe/Berlin',
  rotations: [
    { name: 'day', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '16:00', agents: ['ceo', 'dev-a'] },
    { name: 'night', start: '22:00', end: '06:00', agents: ['dev-b'] },
  ],
  onCall: { engineering: 'dev-a' },
});
const company = {
  agents: [
    { id: 'ceo', role: 'CEO', department: 'executive' },
    { id: 'dev-a', role: 'engineer', department: 'engineering' },
    { id: 'dev-b', role: 'engineer', department: 'engineering' },
    { id: 'qa', role: 'tester', department: 'engineering' },
  ],
  departments: [
    { name: 'executive', head: 'ceo' },
    { name: 'engineering', head: 'dev-a' },
  ],
};

describe('time-zone boundaries (Europe/Berlin)', () => {
  it('places a night shift across the spring-forward night at the right instants (7 hours long)', () => {
    const night = shiftIntervals(roster, utc('2026-03-28T12:00:00Z'), utc('2026-03-29T12:00:00Z'), berlin).find(
      (interval) => interval.rotation === 'night' && interval.date === '2026-03-28',
    )!;
    expect(iso(night.startMs)).toBe('2026-03-28T21:00:00.000Z');
    expect(iso(night.endMs)).toBe('2026-03-29T04:00:00.000Z');
  });

  it('places a night shift across the autumn change (9 hours long)', () => {
    const night = shiftIntervals(roster, utc('2026-10-24T12:00:00Z'), utc('2026-10-25T12:00:00Z'), berlin).find(
      (interval) => interval.rotation === 'night' && interval.date === '2026-10-24',
    )!;
    expect(iso(night.startMs)).toBe('2026-10-24T20:00:00.000Z');
    expect(iso(night.endMs)).toBe('2026-10-25T05:00:00.000Z');
  });

  it('moves a skipped local time forward and takes the first of a repeated one', () => {
    expect(iso(localToInstant(utc('2026-03-29T02:30:00Z'), berlin))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(localToInstant(utc('2026-10-25T02:30:00Z'), berlin))).toBe('2026-10-25T00:30:00.000Z');
    expect(localDate(utc('2026-03-28T23:30:00Z'), berlin)).toBe('2026-03-29');
  });

  it('runs day shifts on weekdays only, at 08:00 local in winter and summer', () => {
    const week = shiftIntervals(roster, utc('2026-03-27T00:00:00Z'), utc('2026-04-01T00:00:00Z'), berlin);
    const days = week.filter((interval) => interval.rotation === 'day').map((interval) => iso(interval.startMs));
    expect(days).toEqual(['2026-03-27T07:00:00.000Z', '2026-03-30T06:00:00.000Z', '2026-03-31T06:00:00.000Z']);
  });

  it('wraps a Sunday night shift into Monday', () => {
    const sunday = ShiftsSpec.parse({
      timezone: 'UTC',
      rotations: [{ name: 'late', days: ['sun'], start: '22:00', end: '06:00', agents: ['dev-b'] }],
    });
    const intervals = shiftIntervals(sunday, utc('2026-12-06T00:00:00Z'), utc('2026-12-08T00:00:00Z'), () => 0);
    expect(intervals.map((interval) => [iso(interval.startMs), iso(interval.endMs)])).toEqual([
      ['2026-12-06T22:00:00.000Z', '2026-12-07T06:00:00.000Z'],
    ]);
  });
});

describe('who is on duty', () => {
  const ids = company.agents.map((agent) => agent.id);
  const intervals = shiftIntervals(roster, utc('2026-12-07T00:00:00Z'), utc('2026-12-09T00:00:00Z'), berlin);

  it('lists the open shift, the unrostered agents, and the next change with its label', () => {
    const at = utc('2026-12-07T10:00:00Z'); // Monday 11:00 in Berlin
    expect(onDutyAt(emptyRoster(roster), intervals, at, ids).map((entry) => entry.agentId)).toEqual([
      'ceo',
      'dev-a',
      'qa',
    ]);
    expect(nextChange(emptyRoster(roster), intervals, at)).toEqual({
      atMs: utc('2026-12-07T15:00:00Z'),
      label: 'day shift ends 16:00 Europe/Berlin',
    });
  });

  it('applies a dated swap to its date only, call-ins until they end and off duty', () => {
    const swapped = {
      ...emptyRoster(roster),
      swaps: [{ rotation: 'day', from: 'dev-a', to: 'dev-b', date: '2026-12-07' }],
    };
    const monday = onDutyAt(swapped, intervals, utc('2026-12-07T10:00:00Z'), ids).map((entry) => entry.agentId);
    const tuesday = onDutyAt(swapped, intervals, utc('2026-12-08T10:00:00Z'), ids).map((entry) => entry.agentId);
    expect(monday).toEqual(['ceo', 'dev-b', 'qa']);
    expect(tuesday).toEqual(['ceo', 'dev-a', 'qa']);
    const calledIn = {
      ...emptyRoster(roster),
      callIns: [{ agentId: 'dev-b', untilMs: utc('2026-12-07T12:00:00Z'), reason: 'test' }],
      offDuty: [{ agentId: 'dev-a', untilMs: utc('2026-12-07T15:00:00Z') }],
    };
    expect(onDutyAt(calledIn, intervals, utc('2026-12-07T10:00:00Z'), ids).map((entry) => entry.agentId)).toEqual([
      'ceo',
      'dev-b',
      'qa',
    ]);
    expect(onDutyAt(calledIn, intervals, utc('2026-12-07T13:00:00Z'), ids).map((entry) => entry.agentId)).toEqual([
      'ceo',
      'qa',
    ]);
  });
});

describe('roster rules', () => {
  it('names every bad field by path', () => {
    const bad = ShiftsSpec.parse({
      timezone: 'Europe/Berlin',
      rotations: [
        { name: 'day', start: '08:00', end: '16:00', agents: ['dev-a', 'ghost'] },
        { name: 'day', days: ['sun'], start: '20:00', end: '21:00', agents: ['dev-b'] },
        { name: 'late', start: '15:00', end: '23:00', agents: ['dev-a'] },
      ],
      onCall: { engineerin: 'dev-a', executive: 'nobody' },
    });
    const issues = rosterIssues(bad, company).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues).toEqual([
      'rotations.0.agents.1: unknown agent "ghost"',
      'rotations.1.name: duplicate rotation "day"',
      'rotations.2.agents.0: agent "dev-a" is also in rotation "day", which overlaps this one (mon 15:00)',
      expect.stringMatching(/^onCall\.engineerin: unknown department "engineerin"; did you mean "engineering"/),
      'onCall.executive: unknown agent "nobody"',
    ]);
  });

  it('warns about a department left without cover and without on-call', () => {
    const dayOnly = ShiftsSpec.parse({
      timezone: 'UTC',
      rotations: [{ name: 'day', start: '08:00', end: '16:00', agents: ['dev-a', 'dev-b', 'qa'] }],
    });
    const warnings = coverageWarnings(dayOnly, company).map((warning) => warning.message);
    expect(warnings).toEqual([
      expect.stringMatching(/^department "engineering" has nobody on duty mon 00:00–mon 08:00 and 7 more gaps/),
    ]);
    expect(coverageWarnings({ ...dayOnly, onCall: { engineering: 'dev-a' } }, company)).toEqual([]);
  });
});

describe('routing', () => {
  it('picks the least loaded on-duty agent of the role, and nobody when the role is off duty', () => {
    const load = new Map([['dev-a', 2]]);
    expect(routeTask(company, 'dev-a', new Set(['dev-a', 'dev-b']), load)).toBe('dev-b');
    expect(routeTask(company, 'dev-a', new Set(['dev-a']), load)).toBe('dev-a');
    expect(routeTask(company, 'dev-a', new Set(['ceo', 'qa']), load)).toBeUndefined();
  });

  it('with work slots, routes only to agents below maxConcurrentTasks (default 3), and to nobody when all are full', () => {
    const capped = { ...company, agents: company.agents.map((agent) => ({ ...agent, maxConcurrentTasks: 1 })) };
    const onDuty = new Set(['dev-a', 'dev-b']);
    const none = new Map<string, number>();
    expect(routeTask(capped, 'dev-a', onDuty, none, new Map([['dev-a', 1]]))).toBe('dev-b');
    expect(
      routeTask(
        capped,
        'dev-a',
        onDuty,
        none,
        new Map([
          ['dev-a', 1],
          ['dev-b', 1],
        ]),
      ),
    ).toBeUndefined();
    // Without slots (companies from before the cap), a full agent is only less preferred.
    expect(routeTask(capped, 'dev-a', new Set(['dev-a']), new Map([['dev-a', 5]]))).toBe('dev-a');
    expect(hasRoom(company.agents[1], new Map([['dev-a', 2]]))).toBe(true);
    expect(hasRoom(company.agents[1], new Map([['dev-a', 3]]))).toBe(false);
    expect(handoffTarget(capped, 'dev-b', new Set(['dev-a', 'qa']), none, new Map([['dev-a', 1]]))).toBe('qa');
  });

  it('hands over to the role, else the department, else its head', () => {
    const none = new Map<string, number>();
    expect(handoffTarget(company, 'dev-b', new Set(['dev-a', 'qa']), none)).toBe('dev-a');
    expect(handoffTarget(company, 'dev-b', new Set(['qa']), none)).toBe('qa');
    expect(handoffTarget(company, 'dev-b', new Set(['ceo']), none)).toBeUndefined();
  });
});

describe('hires', () => {
  const team = [
    { id: 'dev-a', role: 'engineer', department: 'engineering' },
    { id: 'dev-b', role: 'engineer', department: 'engineering' },
    { id: 'dev-c', role: 'engineer', department: 'engineering' },
    { id: 'qa', role: 'tester', department: 'engineering' },
    { id: 'ceo', role: 'ceo', department: 'board' },
  ];
  const shifts = ShiftsSpec.parse({
    timezone: 'UTC',
    rotations: [
      { name: 'day', start: '08:00', end: '16:00', agents: ['dev-a', 'dev-b', 'qa'] },
      { name: 'night', start: '16:00', end: '08:00', agents: ['dev-c'] },
    ],
  });
  const hire = (id: string, role: string, department: string) => ({ id, role, department });

  it('joins the rotation where its role is thinnest, else its department’s, else none', () => {
    const engineer = hire('dev-d', 'engineer', 'engineering');
    expect(rotationForHire(shifts, [...team, engineer], engineer)).toBe('night');
    const tester = hire('qa-2', 'tester', 'engineering');
    expect(rotationForHire(shifts, [...team, tester], tester)).toBe('day');
    // No tester, but engineering works in shifts: the department's rotation with fewer agents.
    const analyst = hire('ana', 'analyst', 'engineering');
    expect(rotationForHire(shifts, [...team, analyst], analyst)).toBe('night');
    // Neither role nor department in a rotation: always on duty, like its peers.
    const cfo = hire('cfo', 'cfo', 'board');
    expect(rotationForHire(shifts, [...team, cfo], cfo)).toBeUndefined();
  });

  it('adds the hire to its rotation once', () => {
    const placed = withHire(shifts, 'night', 'dev-d');
    expect(placed.rotations.map((rotation) => rotation.agents)).toEqual([
      ['dev-a', 'dev-b', 'qa'],
      ['dev-c', 'dev-d'],
    ]);
    expect(withHire(placed, 'night', 'dev-d')).toEqual(placed);
  });
});
