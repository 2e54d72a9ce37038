import type { Store, Workflow } from '../store/index.js';
import type { Catalog } from './catalog.js';
import type { DefinitionProblem, WorkflowDefinition } from './definition.js';
import type { TemplateEngine } from './liquid.js';
import { validateWorkflow } from './validate.js';

export class WorkflowInvalidError extends Error {
  constructor(readonly problems: DefinitionProblem[]) {
    super(`The workflow is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

/** Saving workflows: every save is validated and makes a new version. */
export class Workflows {
  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly templates: TemplateEngine,
  ) {}

  async validate(input: unknown, shopId: number): Promise<WorkflowDefinition> {
    const result = await validateWorkflow(input, { catalog: this.catalog, templates: this.templates, shopId });
    if (!result.definition) throw new WorkflowInvalidError(result.problems);
    return result.definition;
  }

  async create(shopId: number, input: unknown): Promise<Workflow> {
    const def = await this.validate(input, shopId);
    return this.store.createWorkflow({ shopId, name: def.name, triggerApp: def.trigger.app, triggerHandle: def.trigger.handle, definition: def });
  }

  async update(workflow: Workflow, input: unknown): Promise<Workflow> {
    const def = await this.validate(input, workflow.shopId);
    return this.store.saveWorkflowVersion(workflow.id, { name: def.name, triggerApp: def.trigger.app, triggerHandle: def.trigger.handle, definition: def });
  }
}
