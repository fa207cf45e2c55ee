/**
 * The OpenTelemetry workflow interceptors of `@temporalio/interceptors-opentelemetry` 1.24, bundled into the
 * workflow code of a traced worker in place of the package's own module (docs/observability.md), with one
 * change: an update handler that the interceptors must not trace is called directly.
 *
 * Why: the package traces update handlers only when the workflow task carries the SDK flag
 * `OpenTelemetryInterceptorsInstrumentsAllMethods`, which a worker without the interceptors never sets. On
 * such a task its `async handleUpdate` still returns `next(input)` from an async function, and resolving a
 * promise with a promise costs two microtask turns. The update's completion then comes after whatever the
 * workflow's main code does on those turns: the improvement loop, resumed by a `resume` update, starts its
 * round timer first, and a history recorded without tracing fails replay with "Timer machine does not handle
 * this event: WorkflowExecutionUpdateCompleted". Passing the call straight through keeps the order the
 * history recorded; tasks that carry the flag are traced exactly as the package does it.
 */
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';
import type { Next, UpdateInput, WorkflowInboundCallsInterceptor, WorkflowInterceptors } from '@temporalio/workflow';
import { SdkFlags } from '@temporalio/workflow/lib/flags.js';
import { getActivator } from '@temporalio/workflow/lib/global-attributes.js';

class ReplaySafeInboundInterceptor extends OpenTelemetryInboundInterceptor {
  // Not async on purpose: an async wrapper is the two extra turns this class exists to avoid.
  override handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) {
    if (!getActivator().hasFlag(SdkFlags.OpenTelemetryInterceptorsInstrumentsAllMethods)) return next(input);
    return super.handleUpdate(input, next);
  }
}

/** Read by the workflow bundle (`workflowInterceptorModules`), like the package's `workflow-interceptors`. */
export const interceptors = (): WorkflowInterceptors => ({
  inbound: [new ReplaySafeInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
