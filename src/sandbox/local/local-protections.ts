import type { MissingProtection, ProtectionName, SandboxProtections } from '../types.ts';
import type { LocalIsolation } from './command-line.ts';
import type { HostTools } from './host-tools.ts';

export interface LocalProtectionFacts {
  isolation: LocalIsolation;
  tools: HostTools;
  isRoot: boolean;
  /** Empty when bubblewrap works; otherwise why not. */
  bubblewrapProblem: string;
  unshareProblem: string;
}

/** Which protections the local backend applies on this host, and for each missing one why and how to get it. */
export function describeLocalProtections(facts: LocalProtectionFacts): SandboxProtections {
  const { isolation, tools, isRoot } = facts;
  const active: ProtectionName[] = [
    'private-workspace',
    'scrubbed-environment',
    'wall-timeout',
    'output-cap',
    'process-group-kill',
  ];
  const missing: MissingProtection[] = [];
  const apply = (protection: ProtectionName, enabled: boolean, reason: string): void => {
    if (enabled) active.push(protection);
    else missing.push({ protection, reason });
  };
  const namespaces = isolation !== 'none';
  const namespaceReason =
    facts.bubblewrapProblem && facts.unshareProblem
      ? `${facts.bubblewrapProblem}; ${facts.unshareProblem}`
      : 'SYNTHORG_SANDBOX_ISOLATION=none';
  const noPrlimit = 'prlimit (util-linux) is not installed';

  apply('cpu-limit', tools.prlimit !== undefined, noPrlimit);
  apply('memory-limit', tools.prlimit !== undefined, noPrlimit);
  apply('file-size-limit', tools.prlimit !== undefined, noPrlimit);
  apply(
    'process-limit',
    tools.prlimit !== undefined && isRoot,
    tools.prlimit === undefined
      ? noPrlimit
      : 'needs a workspace user: run the worker as root (RLIMIT_NPROC does not bind root and would count the worker’s own processes)',
  );
  apply('dedicated-user', isRoot, 'the worker does not run as root, so the code runs as the worker’s own user');
  apply(
    'no-new-privileges',
    isolation === 'bubblewrap' || (isRoot && tools.setpriv !== undefined),
    'needs bubblewrap, or setpriv (util-linux) with a worker running as root',
  );
  apply('capabilities-dropped', true, '');
  apply('pid-namespace', namespaces, namespaceReason);
  apply('network-off', namespaces, namespaceReason);
  apply(
    'filesystem-confined',
    isolation === 'bubblewrap',
    facts.bubblewrapProblem
      ? `${facts.bubblewrapProblem}; the code can read host files its user may read`
      : 'SYNTHORG_SANDBOX_ISOLATION is not bubblewrap; the code can read host files its user may read',
  );
  return { backend: 'local', isolation, active, missing };
}
