import { describe, expect, it } from 'vitest';
import { withGateOff } from '../../bench/patch-gate-off.ts';

/** Two modules of a development bundle as webpack writes them, each reading the gate `taskEndPatch`. */
const bundle = [
  '/***/ "./workflows/task-end.ts"',
  '(module) {',
  'if ((0,_temporalio_workflow__WEBPACK_IMPORTED_MODULE_0__.patched)(taskEndPatch)) one();',
  'const again = (0,_temporalio_workflow__WEBPACK_IMPORTED_MODULE_0__.patched)(_gates_ts__WEBPACK_IMPORTED_MODULE_2__.taskEndPatch);',
  '/***/ },',
  '',
  '/***/ "./workflows/agent-task.ts"',
  '(module) {',
  'if ((0,_temporalio_workflow__WEBPACK_IMPORTED_MODULE_0__.patched)(_task_end_ts__WEBPACK_IMPORTED_MODULE_1__.taskEndPatch)) two();',
  '/***/ },',
].join('\n');

describe('a bundle with a patch gate fixed off (bench/patch-gate-off.ts)', () => {
  it("replaces the gate's calls with false in the lever's module only, local or imported", () => {
    const off = withGateOff(bundle, 'task-end-in-one');
    const [endModule, agentModule] = off.split('/***/ "./workflows/agent-task.ts"');
    expect(endModule).toContain('if (false) one();');
    expect(endModule).toContain('const again = false;');
    expect(endModule).not.toContain('patched');
    expect(agentModule).toContain('.patched)(_task_end_ts__WEBPACK_IMPORTED_MODULE_1__.taskEndPatch)) two();');
  });

  it('fails when the module holds no call of the gate, rather than return the bundle unchanged', () => {
    const renamed = bundle.replace('./workflows/task-end.ts', './workflows/task-ending.ts');
    expect(() => withGateOff(renamed, 'task-end-in-one')).toThrow(/no patched\(taskEndPatch\) call/);
    expect(() => withGateOff(bundle, 'no-such-lever')).toThrow(/no patch lever "no-such-lever"/);
  });
});
