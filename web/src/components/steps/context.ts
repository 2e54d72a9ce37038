import type { Catalog, ExtensionRef, Step } from '../../api/types';
import type { SchemaPath } from '../../lib/schema';
import type { StepType } from '../../lib/steps';

/** What every step form needs from the editor around it. */
export interface StepsContext {
  catalog: Catalog | null;
  trigger: ExtensionRef | null;
  /** Paths conditions may test. */
  paths: SchemaPath[];
  /** Variables Liquid may use (trigger fields, shop, event, step outputs; `item`/`index` inside a For each). */
  variables: SchemaPath[];
  /** Roots of variables that exist only while a run goes, which the Liquid preview cannot know. */
  runtimeRoots: string[];
  sample?: unknown;
  /** The server's save-time problem at exactly this path (`steps[0].duration`), joined. */
  problemAt(path: string): string | undefined;
  /** Every save-time problem at this path or below it (`steps[0].output`, `steps[0].output.total`), joined. */
  problemsWithin(path: string): string | undefined;
  newId(kind: StepType): string;
}

/** Props of each kind's form: the step, where it sits (`steps[2]`), and the context. */
export interface StepFormProps<S extends Step> {
  step: S;
  onChange(step: S): void;
  path: string;
  ctx: StepsContext;
}

/** The first problem found among several paths a field stands for. */
export function problemOf(ctx: StepsContext, ...paths: string[]): string | undefined {
  const found = paths.map((p) => ctx.problemAt(p)).filter(Boolean);
  return found.length ? found.join(' · ') : undefined;
}
