import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDemo } from '../../scripts/demo';

/** The lines of the fenced block in the README's Demo section. */
function readmeDemoLines(): string[] {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Demo'));
  const block = /```text\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('the README Demo section has no ```text block');
  return block[1].split('\n').filter((line) => line.trim() !== '');
}
import { minorUnits, useRoundsApp } from './support/rounds-api';
import { TEST_JWT_SECRET } from './support/tokens';

describe('npm run demo', () => {
  const rounds = useRoundsApp();

  it('plays the 50 bn round against a running app and closes it at exactly the hard cap', async () => {
    const { api, testApp } = rounds;
    const lines: string[] = [];
    const result = await runDemo({ baseUrl: await testApp.app.getUrl(), secret: TEST_JWT_SECRET, log: (line) => lines.push(line) });

    expect(result.hardCap).toBe('50000000000.00');
    expect(result.allocations).toHaveLength(5);
    const allocated = result.allocations.reduce((sum, a) => sum + minorUnits(a.allocated), 0n);
    expect(allocated).toBe(minorUnits(result.hardCap));
    expect(result.totalAllocated).toBe('50000000000.00');

    // What the demo printed is what the server holds.
    const view = await api.view(result.roundId);
    expect(view).toMatchObject({
      status: 'closed',
      hardCap: '50000000000.00',
      valuation: { amount: '380000000000.00', basis: 'post-money' },
    });
    expect(view.allocations).toEqual(result.allocations);
    const output = lines.join('\n');
    expect(output).toContain('COMMITMENT_EXCEEDS_HARD_CAP');
    expect(output).toMatch(/Total\s+60,222,222,112\.22\s+50,000,000,000\.00/);
    // The README says what the demo prints: every line it quotes is printed, as it stands there.
    const quoted = readmeDemoLines();
    expect(quoted.length).toBeGreaterThan(5);
    expect(quoted.filter((line) => !lines.includes(line))).toEqual([]);
  });

  it('fails with the unexpected answer when the secret is wrong', async () => {
    const { testApp } = rounds;
    await expect(
      runDemo({ baseUrl: await testApp.app.getUrl(), secret: 'not-the-server-secret-but-long-enough-0123456789', log: () => undefined }),
    ).rejects.toThrow(/POST \/rounds answered 401, expected 201/);
  });
});
