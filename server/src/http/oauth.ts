import express, { type Router } from 'express';
import {
  approveInstall,
  checkAuthorizeRequest,
  checkConsentToken,
  consentToken,
  exchangeCode,
  PlatformError,
  type AuthorizeRequest,
} from '../platform/index.js';
import type { Switchboard } from '../switchboard.js';
import { escapeHtml, page } from './page.js';

const form = express.urlencoded({ extended: false, limit: '16kb' });
const json = express.json({ limit: '16kb' });

/** Switchboard as the OAuth authorization server for connector apps. */
export function oauthRoutes(sb: Switchboard): Router {
  const router = express.Router();

  router.get('/oauth/authorize', async (req, res) => {
    let auth: AuthorizeRequest;
    try {
      auth = await checkAuthorizeRequest(sb.store, req.query as Record<string, unknown>);
    } catch (err) {
      // Never redirect on a bad request: the redirect_uri itself may be the attacker's.
      if (err instanceof PlatformError) return void res.status(err.status).type('html').send(errorPage(err));
      throw err;
    }
    const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
    res.type('html').send(
      page(
        `Install ${auth.app.name}`,
        `<h1>Install ${escapeHtml(auth.app.name)} in ${escapeHtml(auth.shop.name)}?</h1>
         <p>${escapeHtml(auth.app.name)} will be able to send trigger events to Switchboard for <strong>${escapeHtml(auth.shop.domain)}</strong>
         and to receive the actions your workflows send it.</p>
         <form method="post" action="/oauth/authorize">
           ${hidden('client_id', auth.app.clientId)}${hidden('redirect_uri', auth.redirectUri)}${hidden('state', auth.state)}
           ${hidden('shop', auth.shop.domain)}${hidden('consent', consentToken(auth, sb.serverSecret))}
           <button type="submit" name="decision" value="approve">Install app</button>
           <button type="submit" name="decision" value="deny">Cancel</button>
         </form>`,
      ),
    );
  });

  router.post('/oauth/authorize', form, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    let auth: AuthorizeRequest;
    try {
      auth = await checkAuthorizeRequest(sb.store, body);
      checkConsentToken(auth, body.consent, sb.serverSecret);
    } catch (err) {
      if (err instanceof PlatformError) return void res.status(err.status).type('html').send(errorPage(err));
      throw err;
    }
    if (body.decision !== 'approve') {
      const url = new URL(auth.redirectUri);
      url.searchParams.set('error', 'access_denied');
      url.searchParams.set('state', auth.state);
      return void res.redirect(302, url.toString());
    }
    res.redirect(302, await approveInstall(sb.store, auth, sb.config.oauthCodeTtlMs));
  });

  router.post('/oauth/access_token', json, form, async (req, res) => {
    res.json(await exchangeCode(sb.store, (req.body ?? {}) as Record<string, unknown>));
  });
  return router;
}

function errorPage(err: PlatformError): string {
  return page('Cannot install', `<h1>This install link is not valid</h1><p>${escapeHtml(err.message)}</p><p><code>${escapeHtml(err.code)}</code></p>`);
}
