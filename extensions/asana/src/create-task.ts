/** The "Create Asana task" action: checks the fields, then creates the task in the project. */
import { ActionError } from '@switchboard/sdk';
import type { AsanaClient } from './asana-client.js';

export interface CreateTaskProperties {
  workspace?: unknown;
  project?: unknown;
  name?: unknown;
  notes?: unknown;
}

export interface CreatedTaskResult {
  gid: string;
  permalink_url: string;
}

export async function createTask(client: AsanaClient, properties: CreateTaskProperties): Promise<CreatedTaskResult> {
  const project = projectGidOf(textField(properties.project));
  const workspace = textField(properties.workspace);
  const name = textField(properties.name);
  const notes = textField(properties.notes);
  if (project === '') throw new ActionError('The "Project" field is empty: give the project’s ID (the number in its URL)', { code: 'invalid_field' });
  if (name === '') throw new ActionError('The "Task name" field is empty after Liquid rendering: a task needs a name', { code: 'invalid_field' });
  const task = await client.createTask({
    name,
    ...(notes === '' ? {} : { notes }),
    projects: [project],
    ...(workspace === '' ? {} : { workspace }),
  });
  return { gid: task.gid, permalink_url: task.permalinkUrl };
}

/**
 * A project gid, also taken out of a pasted project URL: the classic
 * `https://app.asana.com/0/<project>/<view>` or the newer
 * `https://app.asana.com/1/<workspace>/project/<project>/...`.
 */
export function projectGidOf(value: string): string {
  return /\/project\/(\d+)/.exec(value)?.[1] ?? /app\.asana\.com\/0\/(\d+)/.exec(value)?.[1] ?? value;
}

function textField(value: unknown): string {
  if (value === undefined || value === null) return '';
  return (typeof value === 'string' ? value : String(value)).trim();
}
