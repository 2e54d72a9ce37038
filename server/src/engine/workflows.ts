import type { Store, Workflow } from '../store/index.js';
import type { Catalog, ShopData } from './catalog.js';
import { now as clockNow } from '../clock.js';
import { firstSlot } from './triggers/index.js';
import type { DefinitionProblem, WorkflowDefinition } from './definition.js';
import type { TemplateEngine } from './liquid.js';
import { validateWorkflow } from './validate.js';
import { remoteValidator } from './remote-validation.js';

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
    private readonly shopData?: ShopData,
  ) {}

  /** `catalog` replaces the default view, e.g. an organization's, where installed means installed in any of its shops. */
  async validate(input: unknown, shopId: number, catalog: Catalog = this.catalog): Promise<WorkflowDefinition> {
    const shop = await this.store.getShop(shopId);
    const remote = shop && remoteValidator(shop, async (t) => (await this.store.getApp(t.appId))?.applicationUrl ?? t.runtimeUrl);
    const result = await validateWorkflow(input, { catalog, templates: this.templates, shopId, remote, shopData: this.shopData });
    if (!result.definition) throw new WorkflowInvalidError(result.problems);
    const watched = result.definition.trigger.errors?.workflow_ids ?? [];
    if (watched.length) {
      const known = new Set((await this.store.listWorkflows(shopId)).map((w) => w.id));
      const problems = watched.flatMap((id, i) => (known.has(id) ? [] : [{ path: `trigger.errors.workflow_ids[${i}]`, message: `no workflow ${id} in this shop` }]));
      if (problems.length) throw new WorkflowInvalidError(problems);
    }
    return result.definition;
  }

  async create(shopId: number, input: unknown, organization?: { id: number; catalog: Catalog }): Promise<Workflow> {
    const def = await this.validate(input, shopId, organization?.catalog);
    return this.store.createWorkflow({
      shopId,
      organizationId: organization?.id,
      name: def.name,
      triggerApp: def.trigger.app,
      triggerHandle: def.trigger.handle,
      definition: def,
    });
  }

  async update(workflow: Workflow, input: unknown, catalog?: Catalog): Promise<Workflow> {
    const def = await this.validate(input, workflow.shopId, catalog);
    const saved = await this.store.saveWorkflowVersion(workflow.id, { name: def.name, triggerApp: def.trigger.app, triggerHandle: def.trigger.handle, definition: def });
    await this.reschedule(saved, def);
    return saved;
  }

  /** A new version's schedule applies from now on in every shop where the workflow is on. */
  private async reschedule(workflow: Workflow, def: WorkflowDefinition): Promise<void> {
    const shops = workflow.organizationId !== undefined ? await this.store.listShopsInOrganization(workflow.organizationId) : [await this.store.getShop(workflow.shopId)];
    for (const shop of shops) {
      if (!shop || !(await this.store.getWorkflowShopState(workflow.id, shop.id))?.enabled) continue;
      await this.store.setSchedule(workflow.id, shop.id, firstSlot(def, shop.timezone, clockNow()));
    }
  }
}
