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
  ]) as unknown as z.ZodType<StepShape>,
);

export const workflowDefinitionSchema = z
  .object({ name: z.string().trim().min(1, 'a workflow needs a name').max(255), trigger: ref, steps: z.array(step) })
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
