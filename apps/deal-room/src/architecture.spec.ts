// Runs the dependency-cruiser rules in .dependency-cruiser.js over the whole app, and over a canary
// with known violations so that a rule that silently stopped matching is noticed too.
// dependency-cruiser 17 is ESM-only, so it runs as a child process rather than through require.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const REPO = join(__dirname, '../../..');
const CONFIG = join(REPO, '.dependency-cruiser.js');
const FOLDER_CONFIG = join(REPO, '.dependency-cruiser.folders.js');
const CLI = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

async function cruise(cwd: string, targets: string[], config = CONFIG): Promise<Violation[]> {
  const args = [CLI, '--config', config, '--output-type', 'json', ...targets];
  // The CLI exits non-zero when it finds violations; the JSON report is on stdout either way.
  const stdout = await promisify(execFile)(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 })
    .then((r) => r.stdout)
    .catch((error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`dependency-cruiser failed: ${error.stderr}`);
      return error.stdout;
    });
  const report = JSON.parse(stdout) as {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  };
  return report.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

function plantCanary(): string {
  const root = mkdtempSync(join(tmpdir(), 'depcruise-canary-'));
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  const write = (file: string, lines: string[]) => {
    mkdirSync(join(root, 'apps/canary/src', file, '..'), { recursive: true });
    writeFileSync(join(root, 'apps/canary/src', file), lines.join('\n') + '\n');
  };
  write('shell.ts', ['export const shell = 1;']);
  write('kernel/base.ts', ['export const base = 1;']);
  write('kernel/leak.ts', ["import { shell } from '../shell';", "import { base } from './base';", 'export const kernelLeak = [shell, base];']);
  write('feature/domain/inside.ts', ['export const inside = 1;']);
  write('feature/do-thing/do-thing.decide.ts', [
    "import { readFileSync } from 'node:fs';",
    "import { inside } from '../domain/inside';",
    "import { shell } from '../../shell';",
    'export const decideThing = [readFileSync, inside, shell];',
  ]);
  write('orders/place.ts', ["import { invoice } from '../billing/invoice';", 'export const place = () => invoice;']);
  write('billing/invoice.ts', ["import { place } from '../orders/place';", 'export const invoice = () => place;']);
  write('billing/invoice.spec.ts', ["import { shell } from '../shell';", 'export const spec = shell;']);
  write('feature/domain/leak.ts', [
    "import type { Injectable } from '@nestjs/common';",
    "import { EventStoreDBClient } from '@eventstore/db-client';",
    "import { readFileSync } from 'node:fs';",
    "import { base } from '../../kernel/base';",
    "import { shell } from '../../shell';",
    "import { inside } from './inside';",
    'export const leak = [EventStoreDBClient, readFileSync, base, shell, inside];',
    'export type Leak = Injectable;',
  ]);
  return root;
}

describe('architecture', () => {
  let appViolations: Promise<Violation[]>;
  let canaryViolations: Promise<Violation[]>;
  let folderViolations: Promise<Violation[]>;
  let canaryFolderViolations: Promise<Violation[]>;
  let canary: string;

  beforeAll(() => {
    appViolations = cruise(REPO, ['apps', 'libs']);
    canary = plantCanary();
    canaryViolations = cruise(canary, ['apps']);
    folderViolations = cruise(REPO, ['apps'], FOLDER_CONFIG);
    canaryFolderViolations = cruise(canary, ['apps'], FOLDER_CONFIG);
    // Both run in parallel; each test awaits its own. Mark them handled so an early failure is
    // reported by its test rather than as an unhandled rejection.
    appViolations.catch(() => undefined);
    canaryViolations.catch(() => undefined);
    folderViolations.catch(() => undefined);
    canaryFolderViolations.catch(() => undefined);
  });

  afterAll(() => rmSync(canary, { recursive: true, force: true }));

  it('finds no violation in the app and its libraries', async () => {
    const listed = (await appViolations).map((v) => `${v.rule}: ${v.from} -> ${v.to}`);
    expect(listed).toEqual([]);
  });

  it('still catches each kind of forbidden import (canary)', async () => {
    const caught = (await canaryViolations).map((v) => `${v.rule} ${v.to.replace(/^.*node_modules\//, '')}`).sort();
    expect(caught).toEqual([
      'decide-imports-only-the-domain apps/canary/src/shell.ts',
      'decide-imports-only-the-domain fs',
      'domain-imports-only-its-own-folder @eventstore/db-client/dist/index.js',
      'domain-imports-only-its-own-folder @nestjs/common/index.js',
      'domain-imports-only-its-own-folder apps/canary/src/shell.ts',
      'domain-imports-only-its-own-folder fs',
      'domain-not-to-frameworks @eventstore/db-client/dist/index.js',
      'domain-not-to-frameworks @nestjs/common/index.js',
      'domain-not-to-io fs',
      'domain-not-to-io fs',
      'kernel-imports-nothing apps/canary/src/shell.ts',
    ]);
  });

  it('finds no import cycle between the folders of the app', async () => {
    const listed = (await folderViolations).map((v) => `${v.rule}: ${v.from} -> ${v.to}`);
    expect(listed).toEqual([]);
  });

  it('still catches a cycle between two folders (canary)', async () => {
    const caught = (await canaryFolderViolations).map((v) => `${v.rule} ${v.from} -> ${v.to}`).sort();
    expect(caught).toEqual(['no-folder-cycles apps/canary/src/billing -> apps/canary/src/orders', 'no-folder-cycles apps/canary/src/orders -> apps/canary/src/billing']);
  });
});
