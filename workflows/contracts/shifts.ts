import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ShiftsSpecInput } from '../../src/config/shift-schema.ts';
import type { ShiftInterval } from '../../src/domain/shifts/calendar.ts';
import type { DutyEntry, Roster } from '../../src/domain/shifts/roster.ts';

/** The company a shift workflow keeps the roster of: who can be rostered, and where they belong. */
export interface ShiftCompany {
  id: string;
  agents: { id: string; role: string; department: string }[];
  departments: { name: string; head: string }[];
}

export interface ShiftWorkflowInput {
  company: ShiftCompany;
  roster: Roster;
  /** Carried across continue-as-new: the shifts already computed and how far they reach. */
  intervals?: ShiftInterval[];
  horizonMs?: number;
  /** The last on-duty list told to the company, so a new run does not tell it again. */
  lastToldKey?: string;
  generation?: number;
  /** Continue-as-new after this many history events even if the server has not suggested it. */
  historyLimit?: number;
}

/** What `shift now` shows: who is on duty, until when, and the next change. */
export interface ShiftNow {
  atMs: number;
  timezone: string;
  onDuty: DutyEntry[];
  /** Agents in some rotation (the rest are always on duty). */
  rostered: string[];
  nextChange: { atMs: number; label: string } | null;
  generation: number;
}

export interface ShiftRosterView {
  roster: Roster;
  /** The shifts of the coming days, as computed for the roster's zone. */
  upcoming: ShiftInterval[];
}

export interface SwapInput {
  rotation: string;
  from: string;
  to: string;
  /** Local date `YYYY-MM-DD` of the shift's start; without it the swap holds from now on. */
  date?: string;
}

export interface CallInInput {
  agentId: string;
  /** How long the agent stays on duty, in ms (default 2 hours). */
  forMs?: number;
  reason?: string;
}

/** Sent by the shift workflow to its company whenever who is on duty changes. */
export interface ShiftChange {
  onDuty: string[];
  rostered: string[];
  atMs: number;
  label: string;
  /** The roster's on-call agents by department (they change with setRoster). */
  onCall: Record<string, string>;
}

export const onDutyQuery = defineQuery<ShiftNow>('onDuty');
export const rosterQuery = defineQuery<ShiftRosterView>('roster');
export const setRosterUpdate = defineUpdate<ShiftNow, [ShiftsSpecInput]>('setRoster');
export const swapUpdate = defineUpdate<ShiftNow, [SwapInput]>('swap');
export const callInUpdate = defineUpdate<ShiftNow, [CallInInput]>('callIn');
export const offDutyUpdate = defineUpdate<ShiftNow, [{ agentId: string }]>('offDuty');
/** The company pages its on-call agent for urgent work (workflows cannot send updates). */
export const pageSignal = defineSignal<[CallInInput]>('page');
export const stopShiftsSignal = defineSignal<[]>('stopShifts');
/** The company hired an agent: the shift workflow places it in a rotation by the roster's policy. */
export const agentHiredSignal = defineSignal<[{ id: string; role: string; department: string }]>('agentHired');
export const shiftChangeSignal = defineSignal<[ShiftChange]>('shiftChange');

/**
 * A task asks its company for an on-duty agent: to work it (`assign`), to review it (`review`), or
 * a work slot for its assignee again after it waited for subtasks, an approval or a review (`resume`).
 */
export interface RouteRequest {
  requestId: string;
  taskId: string;
  workflowId: string;
  kind: 'assign' | 'review' | 'resume';
  /** assign: the agent the task was meant for; review: the author, who may not review; resume: its assignee. */
  agentId: string;
  urgent: boolean;
  /** The task holds a work slot from this answer until it releases it (maxConcurrentTasks is a cap). */
  capacity?: boolean;
}

/** The company's answer: an agent, or that the task waits for a shift (an agent follows later). */
export type RouteReply = { requestId: string; agentId: string } | { requestId: string; waiting: string };

/** At a shift change the company hands a leaving agent's task to `to` (null: nobody there, wait). */
export interface Handoff {
  to: string | null;
  reason: string;
}

export const routeRequestSignal = defineSignal<[RouteRequest]>('routeRequest');
export const routeReplySignal = defineSignal<[RouteReply]>('routeReply');
export const handoffSignal = defineSignal<[Handoff]>('handoff');
/** A task stopped working (waits for subtasks, an approval, a review, or ended): its work slot is free. */
export const releaseSlotSignal = defineSignal<[{ taskId: string }]>('releaseSlot');

/**
 * What the company's shift desk holds now, for diagnosis: which task holds which agent's work slot, and which
 * requests wait. A query adds nothing to a history, so every company with a roster answers it.
 */
export interface ShiftDeskView {
  /** Null until the shift workflow first told the company who is on duty. */
  onDuty: string[] | null;
  /** Work slots held, task id → agent (empty without the cap). */
  slots: Record<string, string>;
  waiting: Pick<RouteRequest, 'requestId' | 'taskId' | 'kind' | 'agentId' | 'urgent'>[];
}

export const shiftDeskQuery = defineQuery<ShiftDeskView>('shiftDesk');
