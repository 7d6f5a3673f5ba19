import type { FastifyReply, FastifyRequest } from 'fastify';

/** A request as routes, guards, interceptors and filters see it (the app is served by Fastify). */
export type HttpRequest = FastifyRequest;
/** The answer to it, for routes that set headers on it (`@Res({ passthrough: true })`). */
export type HttpReply = FastifyReply;

/** The path asked for, without the query string. */
export function pathOf(request: { readonly url: string }): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}

/** The template of the route that matched (`/rounds/:roundId/history`), or undefined when none did. */
export function routeOf(request: Pick<FastifyRequest, 'is404' | 'routeOptions'>): string | undefined {
  return request.is404 ? undefined : request.routeOptions.url;
}
