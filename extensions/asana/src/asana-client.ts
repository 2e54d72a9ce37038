/**
 * The part of Asana's REST API this connector uses: creating a task
 * (https://developers.asana.com/reference/createtask), with a personal
 * access token. Asana wraps requests and answers in `{ data }`, and errors
 * in `{ errors: [{ message }] }`.
 */
import { ActionError } from '@switchboard/sdk';
import { RetryableServiceError, parseRetryAfter } from '@switchboard/connector-kit';
import { callService, excerpt, type ServiceAnswer } from '@switchboard/connector-kit';

export const ASANA_API = 'https://app.asana.com';

export interface AsanaClientOptions {
  /** A personal access token. */
  token: string;
  /** Base URL, without `/api/1.0`. Default `https://app.asana.com`. */
  baseUrl?: string;
  /** Longest wait for one answer, in ms. Default 8000. */
  timeoutMs?: number;
}

export interface NewTask {
  name: string;
  notes?: string;
  /** Project gids the task is added to. */
  projects: string[];
  workspace?: string;
}

export interface CreatedTask {
  gid: string;
  permalinkUrl: string;
}

export interface AsanaClient {
  createTask(task: NewTask): Promise<CreatedTask>;
}

const SETTINGS = 'Settings → Asana in Switchboard';

export function createAsanaClient(options: AsanaClientOptions): AsanaClient {
  const base = (options.baseUrl ?? ASANA_API).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 8000;
  return {
    async createTask(task) {
      const url = new URL(`${base}/api/1.0/tasks`);
      url.searchParams.set('opt_fields', 'name,permalink_url');
      const answer = await callService(
        'Asana',
        url,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.token}`,
            accept: 'application/json',
            'content-type': 'application/json; charset=utf-8',
          },
          body: JSON.stringify({ data: task }),
        },
        timeoutMs,
      );
      const reason = reasonOf(answer);
      if (answer.status === 201 || answer.status === 200) {
        const data = (answer.json as { data?: { gid?: unknown; permalink_url?: unknown } } | undefined)?.data;
        if (typeof data?.gid === 'string') {
          return { gid: data.gid, permalinkUrl: typeof data.permalink_url === 'string' ? data.permalink_url : '' };
        }
        throw new RetryableServiceError(`Asana answered ${answer.status} without the new task: ${excerpt(answer.text) || 'an empty body'}`);
      }
      if (answer.status === 429) {
        throw new RetryableServiceError(`Asana is rate limiting requests (${reason})`, { retryAfter: parseRetryAfter(answer.headers.get('retry-after')) });
      }
      if (answer.status >= 500) throw new RetryableServiceError(`Asana answered ${answer.status} (${reason})`);
      switch (answer.status) {
        case 401:
          throw new ActionError(`Asana refused the personal access token (${reason}): paste a current one under ${SETTINGS}`, { code: 'not_authorized' });
        case 402:
          throw new ActionError(`Asana needs a paid plan for this (${reason})`, { code: 'payment_required' });
        case 403:
          throw new ActionError(`Asana does not let this token add tasks there (${reason}): the token’s user needs access to the project`, { code: 'forbidden' });
        case 404:
          throw new ActionError(`Asana found no such project or workspace (${reason}): check the Project and Workspace fields`, { code: 'not_found' });
        default:
          throw new ActionError(`Asana refused the task (${reason})`, { code: 'invalid_request' });
      }
    },
  };
}

/** Asana's messages, joined; else the body's first words. */
function reasonOf(answer: ServiceAnswer): string {
  const errors = (answer.json as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(errors)) {
    const messages = errors.map((e) => (e as { message?: unknown }).message).filter((m): m is string => typeof m === 'string' && m !== '');
    if (messages.length > 0) return messages.join('; ');
  }
  return excerpt(answer.text) || `HTTP ${answer.status}`;
}
