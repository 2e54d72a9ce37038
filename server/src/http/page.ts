const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A minimal HTML page for the few screens the server renders itself (consent, errors, home). */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title === 'Switchboard' ? title : `${escapeHtml(title)} · Switchboard`}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#202223}
button{font:inherit;padding:.5rem 1rem;margin-right:.5rem;border-radius:.5rem;border:1px solid #8c9196;background:#fff;cursor:pointer}
button[value=approve]{background:#008060;color:#fff;border-color:#008060}code{background:#f1f2f3;padding:.1rem .3rem;border-radius:.25rem}</style>
</head><body>${body}</body></html>`;
}
