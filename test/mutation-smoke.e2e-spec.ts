import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The subset of the mutation-testing-report-schema json report this spec reads.
interface MutationReport {
  readonly files: Record<string, { readonly mutants: ReadonlyArray<{ readonly status: string }> }>;
}

const SMOKE_FILE = 'apps/deal-room/src/rounds/domain/round-decide.ts';

function runNpmScript(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: resolve(__dirname, '..'), env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

/** Stryker's own definition: detected (killed or timed out) over valid (detected, survived, not covered). */
function mutationScore(report: MutationReport): number {
  const statuses = Object.values(report.files).flatMap((file) => file.mutants.map((mutant) => mutant.status));
  const count = (...wanted: string[]) => statuses.filter((status) => wanted.includes(status)).length;
  return (100 * count('Killed', 'Timeout')) / count('Killed', 'Timeout', 'Survived', 'NoCoverage');
}

// Timing is never asserted: this only proves `npm run mutation:smoke` (and so stryker.config.mjs) still runs,
// mutates what it should and measures a score. The full run is `npm run mutation`, outside `npm test`.
describe('mutation testing at smoke scale', () => {
  let dir: string;
  let run: { code: number | null; output: string };
  let report: MutationReport;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mutation-smoke-'));
    const reportFile = join(dir, 'mutation.json');
    run = await runNpmScript('mutation:smoke', { ...process.env, STRYKER_JSON_REPORT: reportFile });
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8')) as MutationReport;
    } catch (error) {
      throw new Error(`No json report (${String(error)}). Stryker said:\n${run.output.slice(-2000)}`, { cause: error });
    }
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits cleanly', () => {
    expect({ code: run.code, tail: run.code === 0 ? '' : run.output.slice(-2000) }).toEqual({ code: 0, tail: '' });
  });

  it('mutates the smoke file only, and settles every mutant it made', () => {
    expect(Object.keys(report.files)).toEqual([SMOKE_FILE]);
    const statuses = report.files[SMOKE_FILE].mutants.map((mutant) => mutant.status);
    expect(statuses.length).toBeGreaterThan(10);
    // Ignored is a settled answer: static mutants are left out on purpose (see stryker.config.mjs).
    expect(statuses.filter((status) => status === 'Pending')).toEqual([]);
    expect(statuses).toContain('Killed');
  });

  it('reports a mutation score, the same in the json report and the clear-text table', () => {
    const score = mutationScore(report);
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThanOrEqual(100);
    const table = /^All files\s*\|\s*([\d.]+)\s*\|/m.exec(run.output);
    expect(table).not.toBeNull();
    expect(Number(table![1])).toBeCloseTo(score, 1);
  });
});
