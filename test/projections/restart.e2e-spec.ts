import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectionsService } from '../../apps/deal-room/src/projections';
import { DealRoomApi } from './support/deal-room-api';
import { eventually } from './support/runtime-harness';

interface Status {
  name: string;
  state: string;
  checkpoint: string | null;
  eventsApplied: number;
}

const statuses = async (api: DealRoomApi): Promise<Status[]> => (await api.get('/projections', 'admin')).body;
const versions = (api: DealRoomApi) =>
  Array.from(api.testApp.app.get(ProjectionsService).sql.all('SELECT round_id, version FROM round_summaries ORDER BY round_id'), (row) => ({ ...(row as object) }));

describe('projections across an app restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'deal-room-projections-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('resume from the stored checkpoint, applying nothing twice', async () => {
    const first = await DealRoomApi.start({ dataDir });
    let before: Status[];
    let roundId: string;
    let investors: string[];
    try {
      ({ roundId, investors } = await first.roundWithBook(['1000000.00', '2000000.00', '3000000.00']));
      const { position } = await first.openRound();
      before = await eventually(() => statuses(first), (all) => all.every((s) => s.state === 'live' && s.checkpoint === position));
      expect(versions(first)).toContainEqual({ round_id: roundId, version: 7 });
    } finally {
      await first.close();
    }

    const second = await DealRoomApi.start({ dataDir });
    try {
      // Straight after the start, before any new event: the checkpoints were kept, not rebuilt.
      const resumed = await statuses(second);
      expect(resumed.map(({ name, checkpoint, eventsApplied }) => ({ name, checkpoint, eventsApplied }))).toEqual(
        before.map(({ name, checkpoint, eventsApplied }) => ({ name, checkpoint, eventsApplied })),
      );

      const amended = await second.commit(roundId, investors[0], '1500000.00');
      const after = await eventually(() => statuses(second), (all) => all.every((s) => s.state === 'live' && s.checkpoint === amended));
      for (const [index, status] of after.entries()) expect(status.eventsApplied).toBe(before[index].eventsApplied + 1);
      // Opened, 3 admitted, 3 committed, 1 amended: one version per event of the stream.
      expect(versions(second)).toContainEqual({ round_id: roundId, version: 8 });
      const report = await second.get(`/reports/rounds/${roundId}/allocations?minPosition=${amended}`);
      expect(report.body.totals.committed).toBe('6500000.00');
    } finally {
      await second.close();
    }
  });
});
