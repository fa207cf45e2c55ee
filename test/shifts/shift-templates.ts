import type { CompanyTemplateInput } from '../../src/config/schemas.ts';
import type { ShiftsSpecInput } from '../../src/config/shift-schema.ts';
import { teamTemplate } from '../helpers/templates.ts';

/**
 * The team company (a lead, two engineers of one role) working in shifts. By default everyone is
 * in a 24-hour daily rotation of their own, so all are on duty until a test sends one off duty;
 * the on-call agent of `ops` is `second`.
 */
export function shiftTeamTemplate(
  options: { oversight?: 'full' | 'supervised'; shifts?: ShiftsSpecInput } = {},
): CompanyTemplateInput {
  const base = teamTemplate(options.oversight ?? 'full');
  return {
    ...base,
    name: 'shift-team',
    shifts: options.shifts ?? {
      timezone: 'UTC',
      rotations: [
        { name: 'lead', start: '00:00', end: '00:00', agents: ['boss'] },
        { name: 'early', start: '00:00', end: '00:00', agents: ['worker'] },
        { name: 'late', start: '00:00', end: '00:00', agents: ['second'] },
      ],
      onCall: { ops: 'second' },
    },
  };
}
