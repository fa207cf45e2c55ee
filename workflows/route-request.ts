import { ApplicationFailure, getExternalWorkflowHandle, patched, sleep } from '@temporalio/workflow';
import { companyWorkflowId } from '../src/domain/ids.ts';
import type { RouteRequest } from './contracts/shifts.ts';
import { routeRequestSignal } from './contracts/shifts.ts';

/** Versioning: a route request the company was "not found" for is sent again (tasks before this failed at once). */
export const routeRequestRetriesPatch = 'shift-route-request-retries';

/** Sends of one route request, and the wait between them. */
export const routeRequestSends = 3;
export const routeRequestRetryMs = 1_000;

/**
 * Sends a task's route request to its company (workflows/shift-gate.ts). Temporal's time-skipping test server
 * looks a signal's target run up by workflow id and delivers to it afterwards, so a signal that meets the company
 * as it continues as new finds that run closed and fails "not found" (a real server moves the id to the new run
 * in the same transaction); a task failed on it in CI (round 25, docs/shifts.md). Such a request is sent again
 * after a second, up to three sends: a company that is really gone (stopped) still fails the task, two seconds
 * later than before.
 */
export async function sendRouteRequest(companyId: string, request: RouteRequest): Promise<void> {
  const company = getExternalWorkflowHandle(companyWorkflowId(companyId));
  for (let send = 1; ; send++) {
    try {
      await company.signal(routeRequestSignal, request);
      return;
    } catch (error) {
      if (send >= routeRequestSends || !companyNotFound(error) || !patched(routeRequestRetriesPatch)) throw error;
      await sleep(routeRequestRetryMs);
    }
  }
}

/** The failure the SDK gives a signal whose target workflow was not found (sdk-core's signal-external machine). */
function companyNotFound(error: unknown): boolean {
  return error instanceof ApplicationFailure && /not found/i.test(error.message);
}
