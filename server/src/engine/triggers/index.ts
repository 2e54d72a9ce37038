/**
 * Switchboard's own triggers, started by the engine rather than by an app:
 * a scheduled time, and another workflow's failed run.
 */
import type { TriggerSource } from '../catalog.js';
import type { DataSchema } from '../definition.js';

export const SCHEDULED_TIME = 'scheduled_time';
export const WORKFLOW_ERROR = 'workflow_error';

const STRING = { kind: 'string' } as const;
const INT = { kind: 'number', integer: true } as const;

const scheduledSchema: DataSchema = {
  scheduled_at: { kind: 'date' },
  late: { kind: 'boolean' },
  late_by_seconds: INT,
  missed_slots: INT,
};

const errorSchema: DataSchema = {
  workflow: { kind: 'object', fields: { id: INT, name: STRING } },
  run: { kind: 'object', fields: { id: STRING, status: STRING, started_at: { kind: 'date' }, url: STRING } },
  error: { kind: 'object', fields: { message: STRING, step_id: STRING } },
};

function source(handle: string, name: string, description: string, schema: DataSchema, sample: Record<string, unknown>): TriggerSource {
  return {
    app: 'switchboard',
    appName: 'Switchboard',
    extension: { type: 'flow_trigger', handle, name, description, fields: [], file: '(built-in)' },
    schema,
    sample,
  };
}

export const SWITCHBOARD_TRIGGERS: TriggerSource[] = [
  source(
    SCHEDULED_TIME,
    'Scheduled time',
    "Starts at a date and time, once or repeating, in the shop's time zone. A slot missed while Switchboard was down starts one late run when it is back.",
    scheduledSchema,
    { scheduled_at: '2026-12-01T09:00:00.000Z', late: false, late_by_seconds: 0, missed_slots: 0 },
  ),
  source(
    WORKFLOW_ERROR,
    'Workflow error',
    "Starts when a run of another workflow fails or ends with errors, with the workflow, the run and the error. At most the number of runs per hour you set.",
    errorSchema,
    {
      workflow: { id: 1, name: 'Tag big orders' },
      run: { id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', status: 'failed', started_at: '2026-12-01T09:00:00.000Z', url: '/runs/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' },
      error: { message: '503: Service Unavailable', step_id: 'notify' },
    },
  ),
];

export { fireDueSlots, firstSlot } from './schedule-slots.js';
export { fireWorkflowError, DEFAULT_ERRORS_PER_HOUR } from './workflow-error.js';
