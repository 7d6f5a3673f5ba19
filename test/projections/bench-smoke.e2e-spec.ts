import { formatProjectionBench, runProjectionBench } from '../../bench/projections.bench';

// `npm run bench:projections -- --smoke` inside the suite, so that the benchmark cannot rot. It checks
// that every figure is there and sane, never how fast: this machine is shared.
const describeEmbedded = process.env.EVENTSTORE_CONNECTION_STRING ? describe.skip : describe;

describeEmbedded('the projections benchmark, smoke-sized', () => {
  it('measures a raw read, a rebuild of each projection and a cold catch-up of the same events', async () => {
    const figures = await runProjectionBench({ events: 500 });
    expect(figures.events).toBe(500);
    expect(figures.readAll.count).toBe(500);
    expect(figures.rebuilds.map((r) => r.name).sort()).toEqual(['investor-positions', 'round-summaries']);
    for (const { rebuild, ratio, cpuRatio } of figures.rebuilds) {
      expect(rebuild.count).toBe(500);
      for (const figure of [rebuild.perSecond, ratio, cpuRatio]) expect(figure).toBeGreaterThan(0);
    }
    expect(figures.coldCatchUp.count).toBe(500);
    expect(figures.coldCatchUp.ratio).toBeGreaterThan(0);
    expect(figures.peakRssBytes).toBeGreaterThan(0);
    const report = formatProjectionBench(figures);
    expect(report).toMatch(/^events: 500$/m);
    expect(report).toMatch(/^raw readAll: [\d,]+ ev\/s/m);
    expect(report).toMatch(/^rebuild round-summaries: [\d,]+ ev\/s .*, ratio \d+\.\d\d \(cpu \d+\.\d\d\)$/m);
    expect(report).toMatch(/^cold catch-up \(all 2\): [\d,]+ ev\/s .*, ratio \d+\.\d\d/m);
    expect(report).toMatch(/^peak RSS: \d+ MiB$/m);
  });
});
