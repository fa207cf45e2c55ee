import type { Command } from './args.ts';

/** What a command module offers: its dispatcher, and its definition when it is a single command. */
export interface CommandModule {
  run: (args: string[]) => Promise<number>;
  command?: Command;
}

/**
 * Every top-level command, imported only when used: `--help`, `--version` and the template commands
 * never load the Temporal SDK, and `dev`, `demo` and `worker` load the worker only when they run.
 */
export const commandLoaders: Record<string, () => Promise<CommandModule>> = {
  dev: () => import('./commands/dev.ts'),
  worker: () => import('./commands/worker.ts'),
  autoscale: () => import('./commands/autoscale.ts'),
  scaling: () => import('./commands/scaling.ts'),
  demo: () => import('./commands/demo.ts'),
  company: () => import('./commands/company.ts'),
  task: () => import('./commands/task.ts'),
  approvals: () => import('./commands/approvals.ts'),
  approve: async () => {
    const module = await import('./commands/approvals.ts');
    return { run: module.approve, command: module.approveCommand };
  },
  deny: async () => {
    const module = await import('./commands/approvals.ts');
    return { run: module.deny, command: module.denyCommand };
  },
  budget: () => import('./commands/budget.ts'),
  template: () => import('./commands/template.ts'),
  ui: () => import('./commands/ui.ts'),
  memory: () => import('./commands/memory.ts'),
  config: () => import('./commands/config.ts'),
  rollout: () => import('./commands/rollout.ts'),
  improve: () => import('./commands/improve.ts'),
  eval: () => import('./commands/eval.ts'),
  train: () => import('./commands/train.ts'),
  shift: () => import('./commands/shift.ts'),
  completion: () => import('./commands/completion.ts'),
  serve: () => import('./commands/serve.ts'),
  partner: () => import('./commands/partner.ts'),
  channel: () => import('./commands/channel.ts'),
};

export const commandNames = Object.keys(commandLoaders);
