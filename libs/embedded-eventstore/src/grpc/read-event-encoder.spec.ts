import { streams } from './proto';
import { encodeReadEvent } from './read-event-encoder';
import { StoredEvent, TOMBSTONE_STORED_REVISION } from '../storage/types';

const event = (overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  position: 1234567,
  stream: 'round-ünïcode-42',
  revision: 300,
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  type: 'deal-room.CommitmentMade.v1',
  contentType: 'application/json',
  data: Buffer.from('{"amount":"200000000000.00"}'),
  metadata: Buffer.from('{"actor":"founder"}'),
  created: 17_643_000_000_000_000,
  ...overrides,
});

/** Decodes with the client's own generated classes, so the hand-written encoder cannot drift from them. */
function decode(bytes: Buffer) {
  const response = streams.ReadResp.deserializeBinary(new Uint8Array(bytes));
  const readEvent = response.getEvent()!;
  const recorded = readEvent.getEvent()!;
  return {
    id: recorded.getId()!.getString(),
    stream: Buffer.from(recorded.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8'),
    revision: recorded.getStreamRevision(),
    prepare: recorded.getPreparePosition(),
    commit: recorded.getCommitPosition(),
    metadata: Object.fromEntries(recorded.getMetadataMap().getEntryList()),
    custom: Buffer.from(recorded.getCustomMetadata_asU8()).toString('utf8'),
    data: Buffer.from(recorded.getData_asU8()).toString('utf8'),
    readEventCommit: readEvent.getCommitPosition(),
  };
}

describe('encodeReadEvent', () => {
  it('produces what the client decodes as the same recorded event', () => {
    expect(decode(encodeReadEvent(event()))).toEqual({
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      stream: 'round-ünïcode-42',
      revision: '300',
      prepare: '1234567',
      commit: '1234567',
      metadata: { type: 'deal-room.CommitmentMade.v1', 'content-type': 'application/json', created: '17643000000000000' },
      custom: '{"actor":"founder"}',
      data: '{"amount":"200000000000.00"}',
      readEventCommit: '1234567',
    });
  });

  it('writes a tombstone with the real server revision, long.MaxValue', () => {
    expect(decode(encodeReadEvent(event({ revision: TOMBSTONE_STORED_REVISION }))).revision).toBe('9223372036854775807');
  });

  it('handles revision 0, empty metadata, empty data and payloads past one varint byte of length', () => {
    const big = Buffer.alloc(300_000, 'x');
    const decoded = decode(encodeReadEvent(event({ revision: 0, metadata: Buffer.alloc(0), data: big, position: 2 ** 40 })));
    expect(decoded.revision).toBe('0');
    expect(decoded.custom).toBe('');
    expect(decoded.data.length).toBe(300_000);
    expect(decoded.commit).toBe(String(2 ** 40));
    expect(decode(encodeReadEvent(event({ data: Buffer.alloc(0) }))).data).toBe('');
  });

  it('writes a resolved link as the event it points to plus the link, at the link\'s position', () => {
    const target = event({ position: 10, revision: 2, stream: 'link_to' });
    const link = event({ position: 99, revision: 0, stream: 'link_from', type: '$>', data: Buffer.from('2@link_to'), id: '1f8fad5b-d9cb-469f-a165-70867728950e' });
    const response = streams.ReadResp.deserializeBinary(new Uint8Array(encodeReadEvent(target, link))).getEvent()!;
    expect(response.getEvent()!.getStreamRevision()).toBe('2');
    expect(Buffer.from(response.getEvent()!.getStreamIdentifier()!.getStreamName_asU8()).toString()).toBe('link_to');
    expect(response.getLink()!.getId()!.getString()).toBe('1f8fad5b-d9cb-469f-a165-70867728950e');
    expect(Buffer.from(response.getLink()!.getData_asU8()).toString()).toBe('2@link_to');
    expect(response.getCommitPosition()).toBe('99');

    const unresolved = streams.ReadResp.deserializeBinary(new Uint8Array(encodeReadEvent(null, link))).getEvent()!;
    expect(unresolved.hasEvent()).toBe(false);
    expect(unresolved.getLink()!.getStreamRevision()).toBe('0');
  });
});
