import { StoredEvent, TOMBSTONE_STORED_REVISION } from '../storage/types';

/**
 * Encodes `ReadResp{ event: ReadEvent{ event: RecordedEvent, commit_position } }` straight into one buffer.
 * Reads and catch-up send one such message per event, and building them as google-protobuf objects cost
 * more than the SQLite read itself. The field numbers are those of streams.proto; a spec decodes the output
 * with the client's own message classes to keep the two in step.
 */
const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
const TOMBSTONE_REVISION = 9223372036854775807n;
/** 63 bits in 7-bit groups. */
const TOMBSTONE_VARINT_SIZE = 9;

function varintSize(value: number): number {
  let size = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    size += 1;
  }
  return size;
}

const fieldSize = (length: number): number => 1 + varintSize(length) + length;

class Writer {
  private offset = 0;
  constructor(readonly buffer: Buffer) {}

  tag(field: number, wire: number): void {
    this.buffer[this.offset++] = (field << 3) | wire;
  }

  varint(value: number): void {
    while (value >= 128) {
      this.buffer[this.offset++] = (value % 128) | 128;
      value = Math.floor(value / 128);
    }
    this.buffer[this.offset++] = value;
  }

  bigVarint(value: bigint): void {
    while (value >= 128n) {
      this.buffer[this.offset++] = Number(value & 127n) | 128;
      value >>= 7n;
    }
    this.buffer[this.offset++] = Number(value);
  }

  header(field: number, length: number): void {
    this.tag(field, WIRE_BYTES);
    this.varint(length);
  }

  string(field: number, value: string, length: number): void {
    this.header(field, length);
    this.offset += this.buffer.write(value, this.offset, length, 'utf8');
  }

  bytes(field: number, value: Buffer): void {
    this.header(field, value.length);
    value.copy(this.buffer, this.offset);
    this.offset += value.length;
  }
}

interface RecordedLayout {
  event: StoredEvent;
  streamLength: number;
  entries: Array<[string, number, string, number]>;
  entrySizes: number[];
  tombstone: boolean;
  size: number;
}

function layoutOf(event: StoredEvent): RecordedLayout {
  const streamLength = Buffer.byteLength(event.stream, 'utf8');
  const created = String(event.created);
  const entries: Array<[string, number, string, number]> = [
    ['type', 4, event.type, Buffer.byteLength(event.type, 'utf8')],
    ['content-type', 12, event.contentType, Buffer.byteLength(event.contentType, 'utf8')],
    ['created', 7, created, created.length],
  ];
  const entrySizes = entries.map(([, keyLength, , valueLength]) => fieldSize(keyLength) + fieldSize(valueLength));
  const tombstone = event.revision === TOMBSTONE_STORED_REVISION;
  const size =
    fieldSize(fieldSize(36)) +
    fieldSize(fieldSize(streamLength)) +
    1 + (tombstone ? TOMBSTONE_VARINT_SIZE : varintSize(event.revision)) +
    1 + varintSize(event.position) +
    1 + varintSize(event.position) +
    entrySizes.reduce((total, entry) => total + fieldSize(entry), 0) +
    (event.metadata.length > 0 ? fieldSize(event.metadata.length) : 0) +
    fieldSize(event.data.length);
  return { event, streamLength, entries, entrySizes, tombstone, size };
}

function writeRecorded(out: Writer, field: number, layout: RecordedLayout): void {
  const { event, streamLength, entries, entrySizes, tombstone } = layout;
  out.header(field, layout.size); // ReadEvent.event or ReadEvent.link
  out.header(1, fieldSize(36)); // RecordedEvent.id
  out.string(2, event.id, 36); // UUID.string
  out.header(2, fieldSize(streamLength)); // RecordedEvent.stream_identifier
  out.string(3, event.stream, streamLength); // StreamIdentifier.stream_name
  out.tag(3, WIRE_VARINT);
  if (tombstone) out.bigVarint(TOMBSTONE_REVISION);
  else out.varint(event.revision);
  out.tag(4, WIRE_VARINT);
  out.varint(event.position);
  out.tag(5, WIRE_VARINT);
  out.varint(event.position);
  entries.forEach(([key, keyLength, value, valueLength], index) => {
    out.header(6, entrySizes[index]);
    out.string(1, key, keyLength);
    out.string(2, value, valueLength);
  });
  if (event.metadata.length > 0) out.bytes(7, event.metadata);
  out.bytes(8, event.data);
}

/**
 * `event` alone for a plain event. For a link read with `resolveLinkTos`, `event` is the event it points
 * to (null when that is gone) and `link` the link itself, whose position is the one in the answer.
 */
export function encodeReadEvent(event: StoredEvent | null, link?: StoredEvent): Buffer {
  const eventLayout = event ? layoutOf(event) : null;
  const linkLayout = link ? layoutOf(link) : null;
  const position = (link ?? event)!.position;
  const readEventSize =
    (eventLayout ? fieldSize(eventLayout.size) : 0) + (linkLayout ? fieldSize(linkLayout.size) : 0) + 1 + varintSize(position);
  const out = new Writer(Buffer.allocUnsafe(fieldSize(readEventSize)));
  out.header(1, readEventSize); // ReadResp.event
  if (eventLayout) writeRecorded(out, 1, eventLayout);
  if (linkLayout) writeRecorded(out, 2, linkLayout);
  out.tag(3, WIRE_VARINT); // ReadEvent.commit_position
  out.varint(position);
  return out.buffer;
}
