import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 5000 };

  it('doubles from the initial delay up to the cap', () => {
    const highest = (attempt: number) => backoffDelay(attempt, options, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map(highest)).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
  });

  it('jitters within the upper half of each step, never above the cap', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(10, options, () => 0)).toBe(2500);
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const delay = backoffDelay(attempt, options);
      expect(delay).toBeLessThanOrEqual(5000);
      expect(delay).toBeGreaterThanOrEqual(Math.min(5000, 100 * 2 ** attempt) / 2);
    }
  });
});
