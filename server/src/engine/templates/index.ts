/**
 * Workflow templates: Shopify's own ones, and the seed connector pages'
 * example workflows whose trigger and actions exist in every shop (Shopify's
 * triggers with the bundled Slack, Google Sheets, Trello, Asana and Klaviyo).
 */
import { ASANA_TEMPLATES } from './asana.js';
import { GOOGLE_SHEETS_TEMPLATES } from './google-sheets.js';
import { KLAVIYO_TEMPLATES } from './klaviyo.js';
import { SHOPIFY_TEMPLATES } from './shopify.js';
import { SLACK_TEMPLATES } from './slack.js';
import { TRELLO_TEMPLATES } from './trello.js';
import type { WorkflowTemplate } from './types.js';

export type { WorkflowTemplate } from './types.js';

export const WORKFLOW_TEMPLATES: WorkflowTemplate[] = [
  ...SHOPIFY_TEMPLATES,
  ...SLACK_TEMPLATES,
  ...GOOGLE_SHEETS_TEMPLATES,
  ...TRELLO_TEMPLATES,
  ...ASANA_TEMPLATES,
  ...KLAVIYO_TEMPLATES,
];
