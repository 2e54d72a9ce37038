import type { WorkflowDefinition } from '../definition.js';

/** An example workflow merchants start from. Imported workflows start turned off. */
export interface WorkflowTemplate {
  id: string;
  name: string;
  description: string;
  category: string;
  definition: WorkflowDefinition;
  /** The seed app whose example workflow this template is (its handle in the seed catalog). */
  seed?: string;
}
