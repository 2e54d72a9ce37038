import { z } from 'zod';
import type { Condition, DefinitionProblem, WorkflowDefinition } from './definition.js';

const OPERATORS = [
  'equals', 'not_equals', 'greater_than', 'greater_than_or_equal', 'less_than', 'less_than_or_equal',
  'contains', 'not_contains', 'starts_with', 'ends_with', 'is_empty', 'is_not_empty', 'is_one_of',
  'before', 'after', 'within_last_days',
] as const;

const ref = z.object({ app: z.string().min(1), handle: z.string().min(1) }).strict();
const stepId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a step id is 1 to 64 letters, digits, hyphens or underscores');

const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(condition) }).strict(),
    z.object({ any: z.array(condition) }).strict(),
    z.object({ list: z.string().min(1), quantifier: z.enum(['any', 'all', 'none']), where: condition }).strict(),
    z.object({ field: z.string().min(1), op: z.enum(OPERATORS), value: z.unknown().optional() }).strict(),
  ]),
);

type StepShape = WorkflowDefinition['steps'][number];
const step: z.ZodType<StepShape> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ id: stepId, type: z.literal('condition'), condition, then: z.array(step), otherwise: z.array(step).default([]) }).strict(),
    z.object({ id: stepId, type: z.literal('action'), action: ref, fields: z.record(z.string(), z.string()) }).strict(),
    z.object({
      id: stepId,
      type: z.literal('wait'),
      duration: z.object({ amount: z.number().int('a Wait lasts a whole number of minutes, hours or days').positive('a Wait lasts at least 1 minute'), unit: z.enum(['minutes', 'hours', 'days']) }).strict(),
    }).strict(),
    z.object({ id: stepId, type: z.literal('for_each'), list: z.string().min(1, 'For each needs a list variable'), steps: z.array(step) }).strict(),
    z.object({
      id: stepId,
      type: z.literal('get_data'),
      resource: z.enum(['orders', 'products', 'customers', 'draft_orders']),
      query: z.string(),
      sort: z.object({ key: z.string().min(1), reverse: z.boolean().optional() }).strict().optional(),
      limit: z.number().int().min(1, 'Get data reads at least 1 record').max(10_000, 'Get data reads at most 10,000 records').optional(),
      operation: z.enum(['list', 'count', 'sum']).optional(),
      sum_field: z.string().min(1).optional(),
    }).strict(),
    z.object({
      id: stepId,
      type: z.literal('run_code'),
      code: z.string().min(1, 'Run code needs code').max(100_000, 'Run code is at most 100,000 characters'),
      input: z.record(z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'an input name is a JavaScript identifier'), z.string().min(1)),
      // The declared shape is checked by the sandbox's checkOutputShape, whose messages name the type and path.
      output: z.record(z.string(), z.unknown()),
    }).strict(),
    z.object({ id: stepId, type: z.literal('admin_api'), mutation: z.string().min(1, 'the request needs a mutation'), variables: z.string() }).strict(),
    z.object({ id: stepId, type: z.literal('log'), message: z.string().min(1, 'Log output needs a message') }).strict(),
  ]) as unknown as z.ZodType<StepShape>,
);

const schedule = z
  .object({
    start: z.string(),
    frequency: z.enum(['once', 'minutely', 'hourly', 'daily', 'weekly', 'monthly']),
    interval: z.number().int().positive().optional(),
  })
  .strict();

const trigger = z
  .object({
    app: z.string().min(1),
    handle: z.string().min(1),
    schedule: schedule.optional(),
    errors: z
      .object({
        workflow_ids: z.array(z.number().int().positive()).optional(),
        max_per_hour: z.number().int().min(1, 'at least 1 run per hour').max(3600, 'at most 3,600 runs per hour').optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const workflowDefinitionSchema = z
  .object({ name: z.string().trim().min(1, 'a workflow needs a name').max(255), trigger, steps: z.array(step) })
  .strict();

/** Structural check of a definition from the outside world; problems name the path. */
export function parseDefinition(input: unknown): { definition?: WorkflowDefinition; problems: DefinitionProblem[] } {
  const result = workflowDefinitionSchema.safeParse(input);
  if (result.success) return { definition: result.data as WorkflowDefinition, problems: [] };
  return {
    problems: result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  };
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(root)';
}
