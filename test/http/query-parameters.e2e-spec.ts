import { useRoundsApp } from '../rounds/support/rounds-api';
import { adminToken, auditorToken, dealLeadToken } from '../rounds/support/tokens';

interface Route {
  readonly method: string;
  readonly path: string;
}

// Every route the app serves, as the server registered them (so a new one cannot be left out), with its
// path parameters filled in. Ids need not exist: the query is checked before the handler looks them up.
function routesOf(registered: ReadonlyArray<{ method: string; path: string }>): Route[] {
  return registered
    .map(({ method, path }) => ({ method: method.toLowerCase(), path }))
    // Fastify's own HEAD twin of each GET is no endpoint of its own; wildcards are static files (the page),
    // and /docs are Swagger UI's static pages and the document, served by @nestjs/swagger outside Nest's controllers.
    .filter(({ method, path }) => method !== 'head' && !path.includes('*') && path !== '/docs' && !path.startsWith('/docs/') && path !== '/app')
    .map(({ method, path }) => ({ method, path: path.replace(/:([A-Za-z]+)/g, (_, name: string) => (name === 'revision' ? '1' : name === 'type' ? 'round-full' : name === 'name' ? 'round-summaries' : `no-such-${name}`)) }));
}

describe('unknown query parameters, on every route', () => {
  const rounds = useRoundsApp();
  let routes: Route[];
  let tokens: string[];
  beforeAll(async () => {
    routes = routesOf(rounds.testApp.routes);
    tokens = await Promise.all([adminToken(), dealLeadToken(), auditorToken()]);
  });

  // With the first token whose role the route admits (a 403 names the roles, before anything else is looked at).
  async function send(route: Route, query: string) {
    let response;
    for (const token of tokens) {
      const call = rounds.testApp.http[route.method as 'get'](`${route.path}?${query}`).set('Authorization', `Bearer ${token}`);
      response = await (route.method === 'get' || route.method === 'delete' ? call : call.send({}));
      if (response.status !== 403) break;
    }
    return response!;
  }

  it('finds the routes, the GETs among them', () => {
    const gets = routes.filter((route) => route.method === 'get').map((route) => route.path);
    expect(gets).toEqual(expect.arrayContaining(['/rounds/no-such-roundId', '/rounds/no-such-roundId/history', '/health/ready', '/metrics', '/problems', '/reports/rounds']));
    expect(gets.length).toBeGreaterThanOrEqual(25);
  });

  it('each route answers 400 VALIDATION_FAILED naming the parameter, the GETs and the writes alike', async () => {
    const answers = [];
    for (const route of routes) {
      const response = await send(route, 'foo=1').catch((error: Error) => {
        throw new Error(`${route.method} ${route.path}: ${error.message}`);
      });
      answers.push({
        route: `${route.method.toUpperCase()} ${route.path}`,
        status: response.status,
        contentType: String(response.headers['content-type']).split(';')[0],
        code: response.body?.code,
        errors: response.body?.errors,
      });
    }
    const expected = answers.map(({ route }) => ({
      route,
      status: 400,
      contentType: 'application/problem+json',
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'foo', rule: 'unknown-parameter', message: expect.stringContaining('is not a parameter of this endpoint') }],
    }));
    expect(answers).toEqual(expected);
  });

  it('names each unknown parameter, and never a documented one', async () => {
    const response = await send({ method: 'get', path: '/rounds/no-such-round' }, 'atRevision=1&foo=1&bar=2');
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['foo', 'bar']);
    expect(response.body.detail).toContain('this endpoint takes atRevision, asOf');
  });

  it('takes every parameter the OpenAPI document lists: none is refused as unknown', async () => {
    const document = (await rounds.testApp.http.get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        method,
        path: path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => (name === 'revision' ? '1' : `no-such-${name}`)),
        names: (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
      })),
    );
    const withQuery = documented.filter(({ names }) => names.length > 0);
    expect(withQuery.map(({ path }) => path)).toEqual(expect.arrayContaining(['/rounds/no-such-roundId', '/rounds/no-such-roundId/cap-table', '/rounds/no-such-roundId/subscriptions', '/access-log']));
    for (const { method, path, names } of withQuery) {
      const response = await send({ method, path }, names.map((name) => `${name}=x`).join('&'));
      const unknown = (response.body?.errors ?? []).filter((error: { rule: string }) => error.rule === 'unknown-parameter');
      expect({ path, unknown }).toEqual({ path, unknown: [] });
    }
  });
});
