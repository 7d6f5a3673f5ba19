// Builds the page served at /app/ (apps/web) into dist/web: one script and one stylesheet, Chart.js
// bundled in, nothing fetched from elsewhere at run time. Run after `nest build`, which empties dist.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'dist', 'web');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: join(root, 'apps/web/src/main.ts') },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2022'],
  platform: 'browser',
  outdir: out,
  tsconfig: join(root, 'apps/web/tsconfig.json'),
  legalComments: 'linked',
  logLevel: 'warning',
});
for (const file of ['index.html', 'icon.svg']) copyFileSync(join(root, 'apps/web', file), join(out, file));
