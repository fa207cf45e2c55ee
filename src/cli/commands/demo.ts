import type { CompanyView } from '../../client/types.ts';
import { defineCommand } from '../args.ts';
import { formatUsd, printLines, renderTaskTree } from '../output.ts';
import { progressDisplay } from '../progress.ts';
import { webUiLine } from '../wait.ts';

const sampleGoal = [
  'Launch a waitlist page for our AI meeting scheduler',
  'Write the page copy, build a signup form with tests, and plan the announcement.',
].join('\n');

export const command = defineCommand(
  {
    name: 'demo',
    synopsis: '[--keep] [--headless] [--goal "<text>"]',
    summary: 'Run the built-in startup company on a sample goal on the embedded stack.',
    details: `Starts the embedded stack, starts a company from the "startup" template, submits a goal (--goal, or a
sample), shows the task tree as it changes, answers approval requests as the operator, prints who did
and who reviewed each task and what it cost, then stops the stack (--keep leaves it running).`,
    positionals: [],
    flags: ['keep', 'headless'],
    options: ['goal'],
  },
  async ({ flags, options }) => {
    const values = { keep: flags.keep, headless: flags.headless, goal: options.goal };
    const out = (line = '') => process.stdout.write(`${line}\n`);
    const log = (line: string) => process.stderr.write(`synthorg demo: ${line}\n`);
    // Imported here so `synthorg demo --help` loads neither the worker nor the Temporal SDK.
    const { loadConfig } = await import('../../config/env.ts');
    const { createClient } = await import('../../client/synthorg-client.ts');
    const { offlineModelLabel } = await import('../../llm/offline-model.ts');
    const { resolveModelName } = await import('../../llm/model-names.ts');
    const { startEmbeddedStack } = await import('../embedded-stack.ts');
    const config = loadConfig();
    const model = resolveModelName('default', config);
    const stack = await startEmbeddedStack({ config, headless: values.headless ?? false, log });
    const client = await createClient({
      config: { ...config, temporalAddress: stack.temporalAddress },
      ...(stack.uiUrl ? { uiBaseUrl: stack.uiUrl } : {}),
    });
    try {
      const companyId = `demo-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '').toLowerCase()}`;
      out(`Model: ${model === 'offline' ? offlineModelLabel : model}`);
      await client.startCompany({ id: companyId, template: 'startup' });
      out(`Started company "${companyId}" from the built-in "startup" template`);
      const root = await client.submitGoal(companyId, values.goal ?? sampleGoal);
      out(`Goal ${root.id}: ${root.title}`);
      out();

      const display = progressDisplay(process.stdout, root.id);
      const started = Date.now();
      const done = await client.waitForTask(companyId, root.id, {
        pollIntervalMs: 300,
        onProgress: (company: CompanyView) => display.update(company),
        // The demo plays the operator: it answers each approval request, as a person would in the CLI.
        onApproval: async (approval) => {
          display.clear();
          out(`operator approves ${approval.taskId}: ${approval.agentId} asked to ${approval.action}`);
          await client.approve(companyId, approval.taskId, 'approved by the demo operator');
        },
      });

      display.clear();
      const company = await client.status(companyId);
      out();
      out(`Result of ${done.id} (${done.status}):`);
      out(done.result ?? done.failureReason ?? '(none)');
      out();
      out('Who did and who reviewed each task:');
      printLines(renderTaskTree(company.tasks));
      out();
      out(
        `Tasks: ${company.tasks.length} · spent ${formatUsd(company.budget.spentUsd)} of ${formatUsd(company.budget.limitUsd)}` +
          ` (${model === 'offline' ? 'simulated prices of the offline model' : model}) · ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      for (const line of webUiLine(client.uiUrl(companyId))) out(line);
      if (values.keep) {
        out('Stack left running (--keep). Press Ctrl-C to stop it.');
        await stack.workerDone;
      }
      return done.status === 'COMPLETED' ? 0 : 1;
    } finally {
      await client.close();
      await stack.stop();
    }
  },
);

export const run = command.run;
