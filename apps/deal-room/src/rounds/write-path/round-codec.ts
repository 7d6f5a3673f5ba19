import { EventCodec } from '../../event-sourcing/event-codec';
import { deserialize, RoundEvent, serialize } from '../domain';

export const roundCodec: EventCodec<RoundEvent> = {
  serialize: (event) => serialize(event),
  deserialize: (type, data) => deserialize(type, data),
  schemaVersionOf: (type) => Number(/\.v(\d+)$/.exec(type)?.[1] ?? 1),
};
