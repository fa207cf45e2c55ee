import { describe, expect, it } from 'vitest';
import { describeLocalProtections } from '../../src/sandbox/local/local-protections.ts';
import { formatProtections } from '../../src/sandbox/protections-report.ts';

const allTools = {
  bwrap: '/usr/bin/bwrap',
  unshare: '/usr/bin/unshare',
  prlimit: '/usr/bin/prlimit',
  setpriv: '/usr/bin/setpriv',
};
const noTools = { bwrap: undefined, unshare: undefined, prlimit: undefined, setpriv: undefined };

describe('local protections report', () => {
  it('lists everything as active with bubblewrap as root', () => {
    const report = describeLocalProtections({
      isolation: 'bubblewrap',
      tools: allTools,
      isRoot: true,
      bubblewrapProblem: '',
      unshareProblem: '',
    });
    expect(report.missing).toEqual([]);
    expect(report.active).toEqual(expect.arrayContaining(['filesystem-confined', 'network-off', 'process-limit']));
  });

  it('names what is missing and how to get it on a bare host without root', () => {
    const report = describeLocalProtections({
      isolation: 'none',
      tools: noTools,
      isRoot: false,
      bubblewrapProblem: 'bubblewrap is not installed (apt-get install bubblewrap)',
      unshareProblem: 'unshare isolation needs a worker running as root',
    });
    expect(report.active).toEqual([
      'private-workspace',
      'scrubbed-environment',
      'wall-timeout',
      'output-cap',
      'process-group-kill',
      'capabilities-dropped',
    ]);
    expect(Object.fromEntries(report.missing.map((entry) => [entry.protection, entry.reason]))).toEqual({
      'cpu-limit': 'prlimit (util-linux) is not installed',
      'memory-limit': 'prlimit (util-linux) is not installed',
      'file-size-limit': 'prlimit (util-linux) is not installed',
      'process-limit': 'prlimit (util-linux) is not installed',
      'dedicated-user': 'the worker does not run as root, so the code runs as the worker’s own user',
      'no-new-privileges': 'needs bubblewrap, or setpriv (util-linux) with a worker running as root',
      'pid-namespace':
        'bubblewrap is not installed (apt-get install bubblewrap); unshare isolation needs a worker running as root',
      'network-off':
        'bubblewrap is not installed (apt-get install bubblewrap); unshare isolation needs a worker running as root',
      'filesystem-confined':
        'bubblewrap is not installed (apt-get install bubblewrap); the code can read host files its user may read',
    });
    expect(formatProtections(report)).toBe(
      [
        'sandbox: local backend, isolation none',
        '  active: private-workspace, scrubbed-environment, wall-timeout, output-cap, process-group-kill, capabilities-dropped',
        ...report.missing.map((entry) => `  MISSING ${entry.protection}: ${entry.reason}`),
      ].join('\n'),
    );
  });
});
