import { BenchFigures, runBenchmark } from '../bench/run-benchmark';

function numbersIn(value: unknown, path: string): Array<[string, number]> {
  if (typeof value === 'number') return [[path, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => numbersIn(child, `${path}.${key}`));
}

// Timing is never asserted: this only proves every step of the benchmark runs and measures what it wrote.
describe('event store benchmark at smoke scale', () => {
  let figures: BenchFigures;

  beforeAll(async () => {
    figures = await runBenchmark({ scale: 'smoke' });
  }, 60_000);

  it('reports every figure as a positive finite number', () => {
    const numbers = numbersIn(figures, 'figures');
    expect(numbers.length).toBeGreaterThan(30);
    const invalid = numbers.filter(([, n]) => !(Number.isFinite(n) && n > 0));
    expect(invalid).toEqual([]);
  });

  it('reads back every written event through readAll and the catch-up subscription', () => {
    const { eventsWritten, readAll, catchUp } = figures.store;
    expect(readAll.eventsOfThisRun).toBe(eventsWritten);
    expect(catchUp.eventsOfThisRun).toBe(eventsWritten);
  });

  // An external server may hold other events, so only a fresh embedded store holds nothing else.
  const onItsOwnStore = process.env.EVENTSTORE_CONNECTION_STRING ? it.skip : it;
  onItsOwnStore('reads nothing but what it wrote from its own fresh embedded store', () => {
    const { eventsWritten, readAll, catchUp } = figures.store;
    expect({ server: figures.server, readAll: readAll.count, catchUp: catchUp.count }).toEqual({ server: 'embedded', readAll: eventsWritten, catchUp: eventsWritten });
  });

  it('scans every row it inserted into raw SQLite', () => {
    const { singleRowTransactions, batchTransactionRows, orderedScanRows } = figures.sqlite;
    expect(orderedScanRows.count).toBe(singleRowTransactions.count + batchTransactionRows.count);
  });
});
