import { BadRequestError } from './errors';
import { shared } from './proto';
import { ProposedEvent } from '../storage/types';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_STREAM_NAME_BYTES = 2048;

export function streamNameOf(identifier: shared.StreamIdentifier | undefined): string {
  const raw = identifier?.getStreamName_asU8();
  if (!raw || raw.length === 0) throw new BadRequestError('The stream name must not be empty.');
  if (raw.length > MAX_STREAM_NAME_BYTES) throw new BadRequestError(`The stream name is longer than ${MAX_STREAM_NAME_BYTES} bytes.`);
  return Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('utf8');
}

export function streamIdentifier(name: string): shared.StreamIdentifier {
  const identifier = new shared.StreamIdentifier();
  identifier.setStreamName(Buffer.from(name, 'utf8'));
  return identifier;
}

export function uuidOf(uuid: shared.UUID | undefined): string {
  if (uuid?.hasString()) {
    const text = uuid.getString().toLowerCase();
    if (UUID_PATTERN.test(text)) return text;
    throw new BadRequestError(`The event id '${uuid.getString().slice(0, 64)}' is not a UUID.`);
  }
  const structured = uuid?.getStructured();
  if (structured) {
    const most = BigInt.asUintN(64, BigInt(structured.getMostSignificantBits()));
    const least = BigInt.asUintN(64, BigInt(structured.getLeastSignificantBits()));
    const hex = most.toString(16).padStart(16, '0') + least.toString(16).padStart(16, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  throw new BadRequestError('The event id is missing.');
}

export function stringUuid(value: string): shared.UUID {
  const uuid = new shared.UUID();
  uuid.setString(value);
  return uuid;
}

/** A uint64 carried as a decimal string; anything else is the client's mistake, not ours. */
export function uint64(text: string, what: string): number {
  if (!/^\d{1,20}$/.test(text)) throw new BadRequestError(`${what} '${text.slice(0, 32)}' is not an unsigned 64-bit integer.`);
  const value = Number(text);
  return value > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : value;
}

interface WireMessage {
  getId(): shared.UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

export function proposedEventOf(message: WireMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (!type) throw new BadRequestError('Every event needs a type.');
  return {
    id: uuidOf(message.getId()),
    type,
    contentType: metadata.get('content-type') || 'application/octet-stream',
    data: toBuffer(message.getData_asU8()),
    metadata: toBuffer(message.getCustomMetadata_asU8()),
  };
}

export const sizeOf = (event: ProposedEvent): number => event.data.length + event.metadata.length;

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
