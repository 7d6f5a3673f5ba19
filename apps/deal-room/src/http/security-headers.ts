import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

// Every answer is JSON about confidential deals: nothing a browser should render, frame, run or keep.
// helmet's page-oriented defaults (a CSP full of 'self' sources for scripts and styles) are replaced by
// the strictest policy, which still matters if a browser is ever pointed straight at the API.
const helmetForJsonApi = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true },
  crossOriginResourcePolicy: { policy: 'same-origin' },
});

// The one set of pages meant for a browser, the API reference at /docs (Swagger UI): its own scripts, styles
// and images, and nothing from elsewhere.
const helmetForDocs = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      // Swagger UI sets style attributes from its scripts.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true },
  crossOriginResourcePolicy: { policy: 'same-origin' },
});

// The page at /app/ (issue 16): its own bundled script and stylesheet, the API on the same origin, and
// nothing else: no inline script or style, no other origin, no frames, no forms posted anywhere.
const helmetForWebApp = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true },
  crossOriginResourcePolicy: { policy: 'same-origin' },
});

const DOCS_UI = /^\/docs(?:\/(?!openapi\.json)|$)/;
const WEB_APP = /^\/app(?:[/?]|$)/;

/**
 * An `onRequest` hook: security headers and `Cache-Control: no-store` on every answer, errors and unknown
 * routes included. Set on Node's response, so that they are on whatever answers, however it is written.
 */
export function securityHeaders(request: { raw: IncomingMessage }, reply: { raw: ServerResponse }, done: (error?: Error) => void): void {
  const { raw: message } = request;
  const { raw: response } = reply;
  // Terms, tickets and allocations must not be kept by a browser, a proxy or a CDN; a route may still relax it.
  response.setHeader('Cache-Control', 'no-store');
  const next = (error?: unknown) => done(error as Error | undefined);
  if (DOCS_UI.test(message.url ?? '')) return helmetForDocs(message, response, next);
  if (WEB_APP.test(message.url ?? '')) return helmetForWebApp(message, response, next);
  helmetForJsonApi(message, response, next);
}
