import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_CATALOG } from './problem-catalog';

// Every code the app answers with must have its page (/problems/<code>), or the problem's `type` is a 404.
// ApplicationError takes any string, so the codes thrown are read from the sources.
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the problem catalog', () => {
  it('explains every code an ApplicationError is thrown with', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const thrown = new Set<string>();
    for (const file of [...sourcesUnder(join(root, 'apps')), ...sourcesUnder(join(root, 'libs'))]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/new ApplicationError\(\s*'([A-Z_]+)'/g)) thrown.add(match[1]);
    }
    expect(thrown.size).toBeGreaterThan(10);
    expect([...thrown].filter((code) => !PROBLEM_CATALOG.has(code as never)).sort()).toEqual([]);
  });
});
