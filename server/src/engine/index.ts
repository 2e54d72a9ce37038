export type * from './definition.js';
export type { Catalog, ActionTarget, TriggerSource, BuiltinResult, BuiltinContext } from './catalog.js';
export { acceptEvent, type AcceptAnswer, type IncomingEvent } from './accept.js';
export { RunExecutor, type Logger, type RunState } from './runner.js';
export { Worker, type Notice } from './worker.js';
export { Workflows, WorkflowInvalidError } from './workflows.js';
export { validateWorkflow, checkActionFields } from './validate.js';
export { createTemplateEngine, type TemplateEngine } from './liquid.js';
export { runSchema } from './run-data.js';
