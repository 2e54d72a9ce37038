/**
 * A local Asana for the Asana connector, for tests and Switchboard's local
 * mode: `POST /api/1.0/tasks` with a personal access token, answering with
 * Asana's shapes (`{ data }`, 201 Created, `{ errors: [{ message }] }`,
 * `opt_fields` honoured).
 *
 * Seeded with one token (`credentials`), the workspaces "Acme"
 * (`1200000000000100`: projects Orders `...0101`, Returns `...0102`) and
 * "Other" (`1200000000000200`: project Elsewhere `...0201`).
 */
import { startFakeServer, type Failure, type FakeAnswer, type RecordedRequest } from '@switchboard/connector-kit/fake-http';

export type { Failure, RecordedRequest } from '@switchboard/connector-kit/fake-http';

export interface FakeWorkspace {
  gid: string;
  name: string;
}

export interface FakeProject {
  gid: string;
  name: string;
  workspace: string;
}

export interface FakeTask {
  gid: string;
  name: string;
  notes: string;
  projects: string[];
  workspace: string;
  permalink_url: string;
}

export interface FakeAsana {
  endpoints: { api: string };
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** Credentials the fake accepts, in the shape Settings saves them. */
  credentials: { personal_access_token: string };
  workspaces: FakeWorkspace[];
  projects: FakeProject[];
  /** Tasks created, oldest first. */
  tasks: FakeTask[];
  /** Stops accepting a token (Asana then answers 401 Not Authorized). */
  revokeToken(token?: string): void;
  /** Scripts the next request's answer (`{ status: 503 }`, `{ status: 429, retryAfter: 7 }`, `{ hang: true }`, `{ drop: true }`). */
  failNext(failure: Failure): void;
  close(): Promise<void>;
}

const GID = /^\d+$/;

export async function startFake(): Promise<FakeAsana> {
  const credentials = { personal_access_token: '2/1200000000000001/1200000000000002:fakefakefakefakefakefakefakefake' };
  const tokens = new Map([[credentials.personal_access_token, 'active' as 'active' | 'revoked']]);
  const workspaces: FakeWorkspace[] = [
    { gid: '1200000000000100', name: 'Acme' },
    { gid: '1200000000000200', name: 'Other' },
  ];
  const projects: FakeProject[] = [
    { gid: '1200000000000101', name: 'Orders', workspace: '1200000000000100' },
    { gid: '1200000000000102', name: 'Returns', workspace: '1200000000000100' },
    { gid: '1200000000000201', name: 'Elsewhere', workspace: '1200000000000200' },
  ];
  const tasks: FakeTask[] = [];
  let nextGid = 1_200_000_000_100_000;

  function createTask(request: RecordedRequest): FakeAnswer {
    if (!request.headers['content-type']?.includes('application/json')) return asanaError(400, 'Invalid Request: Content-Type must be application/json');
    const data = (request.body as { data?: unknown } | undefined)?.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return asanaError(400, 'data: Missing input');
    const input = data as Record<string, unknown>;
    if (input.projects === undefined && input.workspace === undefined && input.parent === undefined) {
      return asanaError(400, 'You should specify one of workspace, parent, projects');
    }
    const projectGids = input.projects === undefined ? [] : input.projects;
    if (!Array.isArray(projectGids)) return asanaError(400, 'projects: Value is not an array');
    const found: FakeProject[] = [];
    for (const [i, gid] of projectGids.entries()) {
      if (typeof gid !== 'string' || !GID.test(gid)) return asanaError(400, `projects: [${i}]: Not a recognized ID: ${String(gid)}`);
      const project = projects.find((p) => p.gid === gid);
      if (project === undefined) return asanaError(400, `projects: [${i}]: Unknown object: ${gid}`);
      found.push(project);
    }
    let workspace: FakeWorkspace | undefined;
    if (input.workspace !== undefined) {
      if (typeof input.workspace !== 'string' || !GID.test(input.workspace)) return asanaError(400, `workspace: Not a recognized ID: ${String(input.workspace)}`);
      workspace = workspaces.find((w) => w.gid === input.workspace);
      if (workspace === undefined) return asanaError(400, `workspace: Unknown object: ${input.workspace}`);
      const outside = found.find((p) => p.workspace !== workspace!.gid);
      if (outside) return asanaError(400, `projects: [${found.indexOf(outside)}]: Project ${outside.gid} is not in workspace ${workspace.gid}`);
    } else {
      workspace = workspaces.find((w) => w.gid === found[0]?.workspace);
    }
    if (input.name !== undefined && typeof input.name !== 'string') return asanaError(400, 'name: Value is not a string');
    if (input.notes !== undefined && typeof input.notes !== 'string') return asanaError(400, 'notes: Value is not a string');

    nextGid += 1;
    const gid = String(nextGid);
    const task: FakeTask = {
      gid,
      name: (input.name as string | undefined) ?? '',
      notes: (input.notes as string | undefined) ?? '',
      projects: found.map((p) => p.gid),
      workspace: workspace!.gid,
      permalink_url: `https://app.asana.com/0/${found[0]?.gid ?? 0}/${gid}`,
    };
    tasks.push(task);
    const full: Record<string, unknown> = {
      gid,
      resource_type: 'task',
      name: task.name,
      notes: task.notes,
      completed: false,
      permalink_url: task.permalink_url,
      projects: found.map((p) => ({ gid: p.gid, resource_type: 'project', name: p.name })),
      workspace: { gid: workspace!.gid, resource_type: 'workspace', name: workspace!.name },
    };
    const optFields = request.query.opt_fields?.split(',');
    const shown = optFields ? Object.fromEntries(Object.entries(full).filter(([k]) => k === 'gid' || optFields.includes(k))) : full;
    return { status: 201, body: { data: shown } };
  }

  const server = await startFakeServer((request) => {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined || tokens.get(token) !== 'active') return asanaError(401, 'Not Authorized');
    if (request.method === 'POST' && request.path === '/api/1.0/tasks') return createTask(request);
    return asanaError(404, 'No matching route for request');
  });

  return {
    endpoints: { api: server.url },
    requests: server.requests,
    credentials,
    workspaces,
    projects,
    tasks,
    revokeToken: (token = credentials.personal_access_token) => void tokens.set(token, 'revoked'),
    failNext: (failure) =>
      server.failNext(failure, undefined, (status) =>
        status === 429
          ? asanaError(429, 'You have made too many requests recently. Please, be chill.').body
          : status >= 500
            ? { errors: [{ message: 'Server Error', phrase: '6 sad squid snuggle softly' }] }
            : undefined,
      ),
    close: server.close,
  };
}

function asanaError(status: number, message: string): FakeAnswer {
  return { status, body: { errors: [{ message, help: 'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors' }] } };
}
