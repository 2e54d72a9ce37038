/** The admin JSON API, same origin under /admin/api. */

export interface ApiProblem {
  path: string;
  message: string;
}

export interface ApiFieldError {
  field: string;
  message: string;
}

/** An answer of the admin API that was not 2xx, in the API's one error shape. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: ApiFieldError[];
  readonly problems: ApiProblem[];

  constructor(status: number, code: string, message: string, fields: ApiFieldError[] = [], problems: ApiProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.problems = problems;
  }
}

interface ShopifyGlobal {
  idToken(): Promise<string>;
}

declare global {
  interface Window {
    shopify?: ShopifyGlobal;
  }
}

async function headers(body: boolean): Promise<Record<string, string>> {
  const h: Record<string, string> = { accept: 'application/json' };
  if (body) h['content-type'] = 'application/json';
  // Embedded in the Shopify admin, App Bridge gives a session token; in local mode there is none
  // and the server acts for the dev shop.
  if (typeof window !== 'undefined' && window.shopify && typeof window.shopify.idToken === 'function') {
    h.authorization = `Bearer ${await window.shopify.idToken()}`;
  }
  return h;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Calls the admin API; `path` is relative to /admin/api (e.g. `/workflows`). */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/admin/api${path}`, {
      method,
      headers: await headers(body !== undefined),
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'network_error', `Could not reach Switchboard: ${errorMessage(err)}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; fields?: ApiFieldError[]; problems?: ApiProblem[] } } | undefined)?.error;
    throw new ApiError(
      res.status,
      e?.code ?? `http_${res.status}`,
      e?.message ?? `Switchboard answered ${res.status} ${res.statusText}`,
      Array.isArray(e?.fields) ? e.fields : [],
      Array.isArray(e?.problems) ? e.problems : [],
    );
  }
  return json as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};
