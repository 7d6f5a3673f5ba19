import { BadRequestError } from './errors';
import { streams } from './proto';
import { StoredEvent } from '../storage/types';

export interface EventFilter {
  matches(event: StoredEvent): boolean;
  /** Events scanned between two checkpoints: the search window times the client's multiplier. */
  checkpointInterval: number;
}

const DEFAULT_SEARCH_WINDOW = 32;
const MAX_REGEX_LENGTH = 1024;

/** The server-side filter of a `$all` read or subscription: a prefix list or a regex, on stream name or event type. */
export function eventFilterOf(options: streams.ReadReq.Options.FilterOptions | undefined): EventFilter | null {
  if (!options) return null;
  const onStream = options.hasStreamIdentifier();
  const expression = onStream ? options.getStreamIdentifier() : options.getEventType();
  if (!expression) return null;
  const field = (event: StoredEvent) => (onStream ? event.stream : event.type);
  const prefixes = expression.getPrefixList();
  const source = expression.getRegex();
  let test: (value: string) => boolean;
  if (prefixes.length > 0) {
    test = (value) => prefixes.some((prefix) => value.startsWith(prefix));
  } else if (source) {
    if (source.length > MAX_REGEX_LENGTH) throw new BadRequestError(`The filter regex is longer than ${MAX_REGEX_LENGTH} characters.`);
    let regex: RegExp;
    try {
      regex = new RegExp(source);
    } catch {
      throw new BadRequestError(`The filter regex '${source.slice(0, 64)}' is not valid.`);
    }
    test = (value) => regex.test(value);
  } else {
    return null;
  }
  const window = options.hasMax() && options.getMax() > 0 ? options.getMax() : DEFAULT_SEARCH_WINDOW;
  const multiplier = Math.max(1, options.getCheckpointintervalmultiplier());
  return { matches: (event) => test(field(event)), checkpointInterval: window * multiplier };
}
