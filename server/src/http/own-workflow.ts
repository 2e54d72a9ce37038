import type { Request, Response } from 'express';
import type { Shop, Store, Workflow } from '../store/index.js';
import { PlatformError } from '../platform/index.js';

/** The workflow named by `:id`, if the request's shop may see it: its own, or its organization's. */
export async function ownWorkflow(store: Store, req: Request, res: Response): Promise<Workflow> {
  const id = Number(req.params.id);
  const wf = Number.isInteger(id) ? await store.getWorkflow(id) : undefined;
  const shop = res.locals.shop as Shop;
  const visible = wf && (wf.shopId === shop.id || (wf.organizationId !== undefined && wf.organizationId === shop.organizationId));
  if (!wf || !visible) throw new PlatformError(404, 'not_found', `No workflow ${req.params.id} in this shop`);
  return wf;
}
