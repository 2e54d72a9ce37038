import { signBody } from '../signature.js';

/** An app's answer to a request the test platform sent it. */
export interface AppResponse {
  status: number;
  /** The body parsed as JSON, or the raw text when it is not JSON. */
  body: unknown;
  headers: Headers;
}

/** POSTs `body` as JSON, signed as Switchboard signs it (both header names). */
export async function postSigned(
  url: string,
  body: unknown,
  clientSecret: string,
  headers: Record<string, string> = {},
): Promise<AppResponse> {
  const raw = JSON.stringify(body);
  const signature = signBody(raw, clientSecret);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-hmac-sha256': signature,
      'x-switchboard-hmac-sha256': signature,
      ...headers,
    },
    body: raw,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text, which the test can assert on.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
