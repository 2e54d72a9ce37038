import type { Step } from './definition.js';

/** The step lists nested in a step, keyed as a run's position refers to them (`<id>.then`, `<id>.each`...). */
export function childBlocks(step: Step): Array<[key: string, steps: Step[]]> {
  if (step.type === 'condition') return [[`${step.id}.then`, step.then], [`${step.id}.otherwise`, step.otherwise]];
  if (step.type === 'for_each') return [[`${step.id}.each`, step.steps]];
  return [];
}

/** Every step of a tree, depth first, in the order a run meets them. */
export function* allSteps(steps: Step[]): Generator<Step> {
  for (const step of steps) {
    yield step;
    for (const [, inner] of childBlocks(step)) yield* allSteps(inner);
  }
}
