import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webAppDirectory } from './web-app';

describe('webAppDirectory', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'web-app-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const built = (name: string) => {
    const dir = join(root, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    return dir;
  };

  it('is the first candidate that holds a built page (next to the compiled app, else the repository\'s dist)', () => {
    const compiled = built('compiled');
    const repository = built('repository');
    expect(webAppDirectory([compiled, repository])).toBe(compiled);
    expect(webAppDirectory([join(root, 'missing'), repository])).toBe(repository);
  });

  it('is nothing when the page was not built, or a folder lacks its index', () => {
    mkdirSync(join(root, 'empty'));
    expect(webAppDirectory([join(root, 'empty'), join(root, 'missing')])).toBeUndefined();
  });
});
