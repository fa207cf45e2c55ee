import { closestMatch } from '../domain/did-you-mean.ts';
import type { Command } from './args.ts';
import { wantsHelp } from './args.ts';
import { UsageError } from './errors.ts';

/** A command family's dispatcher, with its subcommands listed for help and shell completion. */
export interface Family {
  (args: string[]): Promise<number>;
  readonly family: string;
  readonly commands: readonly Command[];
}

/** A command family (`company start|status|stop`): dispatches to its subcommands; `--help` lists them. */
export function defineFamily(family: string, summary: string, commands: readonly Command[]): Family {
  const byName = new Map(commands.map((command) => [command.name.slice(family.length + 1), command]));
  const dispatch = async (args: string[]): Promise<number> => {
    const [name, ...rest] = args;
    if (name === undefined || name === 'help' || wantsHelp([name])) {
      process.stdout.write(familyHelp(family, summary, commands));
      return 0;
    }
    const command = byName.get(name);
    if (!command) {
      const known = [...byName.keys()];
      const match = closestMatch(name, known);
      const suggestion = match === undefined ? '' : `; did you mean "${family} ${match}"?`;
      throw new UsageError(
        `unknown command "${family} ${name}"${suggestion} (${family} commands: ${known.join(', ')}; see "synthorg ${family} --help")`,
      );
    }
    return command.run(rest);
  };
  return Object.assign(dispatch, { family, commands });
}

export function familyHelp(family: string, summary: string, commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map(
    (command) =>
      `  synthorg ${command.name.padEnd(width)}  ${command.synopsis}\n  ${' '.repeat(width + 11)}${command.summary}`,
  );
  return `${summary}\n\nUsage:\n${lines.join('\n')}\n\nRun "synthorg ${family} <command> --help" for details.\n`;
}
