import { AppendGate } from './append-gate';

/** Work that finishes when the test says so, and records how many ran at once. */
function controlledWork() {
  const finishers: Array<(fail?: boolean) => void> = [];
  let running = 0;
  let most = 0;
  const work = () => {
    running += 1;
    most = Math.max(most, running);
    return new Promise<string>((resolve, reject) =>
      finishers.push((fail) => {
        running -= 1;
        if (fail) reject(new Error('failed'));
        else resolve('done');
      }),
    );
  };
  return { work, finishers, most: () => most };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AppendGate', () => {
  it('lets at most its limit run at once, the others in the order they came, a failure freeing its place too', async () => {
    const gate = new AppendGate(2);
    const { work, finishers, most } = controlledWork();
    const order: number[] = [];
    const runs = [0, 1, 2, 3, 4].map((n) => gate.run(() => (order.push(n), work())).catch(() => 'failed'));
    await turn();
    expect({ started: order, pending: gate.pending }).toEqual({ started: [0, 1], pending: 5 });
    finishers[0](true);
    await turn();
    finishers[1]();
    await turn();
    expect(order).toEqual([0, 1, 2, 3]);
    for (const finish of finishers.slice(2)) finish();
    await turn();
    finishers[4]();
    expect(await Promise.all(runs)).toEqual(['failed', 'done', 'done', 'done', 'done']);
    expect({ most: most(), pending: gate.pending }).toEqual({ most: 2, pending: 0 });
  });

  it('tells when nothing is under way or waiting, or that time ran out', async () => {
    const gate = new AppendGate(1);
    await expect(gate.drained(10)).resolves.toBe(true);
    const { work, finishers } = controlledWork();
    const runs = [gate.run(work), gate.run(work)];
    await expect(gate.drained(20)).resolves.toBe(false);
    const drained = gate.drained(10_000);
    finishers[0]();
    await turn();
    // The second append is under way now: not drained yet.
    expect(gate.pending).toBe(1);
    finishers[1]();
    await expect(drained).resolves.toBe(true);
    await Promise.all(runs);
  });

  it('is not drained between one append and the next that its caller starts when the first is answered', async () => {
    const gate = new AppendGate(4);
    const { work, finishers } = controlledWork();
    let both = false;
    // As a keyed command does: the append that claims its key, then the one that writes its event.
    const command = gate
      .run(work)
      .then(() => Promise.resolve())
      .then(() => gate.run(work))
      .then(() => (both = true));
    const drained = gate.drained(10_000);
    finishers[0]();
    await turn();
    expect(gate.pending).toBe(1);
    finishers[1]();
    await expect(drained).resolves.toBe(true);
    expect(both).toBe(true);
    await command;
  });
});
