import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where the page is served: `/app/` (the bundle `npm run build` writes to `dist/web`). */
export const WEB_APP_PATH = '/app/';

// The bundle is built next to the compiled app (dist/web, four folders up from dist/apps/deal-room/src/http);
// run from the sources (ts-jest, ts-node) it is the repository's dist/web.
const CANDIDATES = [resolve(__dirname, '../../../../web'), resolve(__dirname, '../../../../dist/web')];

/** The directory holding the built page, or undefined when it was not built (`npm run build` builds it). */
export function webAppDirectory(candidates: readonly string[] = CANDIDATES): string | undefined {
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * Serves the built page's static files at /app/ before any route: they hold no data (every figure comes
 * from the API with the signed-in token), so they need no token. Without a build there is no page and
 * /app/ answers as any unknown path.
 */
export function serveWebApp(app: NestFastifyApplication, directory = webAppDirectory()): boolean {
  if (!directory) return false;
  // @fastify/static: a file it does not have goes to the not-found handler, as an unknown route does.
  app.useStaticAssets({
    root: directory,
    // Given without its slash, so that the plugin also routes `/app`, answering 301 to `/app/`.
    prefix: WEB_APP_PATH.slice(0, -1),
    index: 'index.html',
    redirect: true,
    dotfiles: 'ignore',
    etag: false,
    lastModified: false,
    // The security headers' `no-store` stays: the plugin would otherwise set `public, max-age=0`.
    cacheControl: false,
    // Other parts (the API reference) may serve files too; none needs reply.sendFile.
    decorateReply: false,
  });
  return true;
}
