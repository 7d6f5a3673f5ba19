import type { IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { ApplicationError } from '../common/application-error';

export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

/** application/json and its structured-syntax variants such as application/merge-patch+json (matched on the media type alone). */
export const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/i;

const NOT_JSON = 'The request body must be JSON, sent as Content-Type: application/json';

// Bodies may come compressed, as they could to Express's body parser; the limit holds for the inflated bytes.
const DECODERS: Readonly<Record<string, (body: Buffer, options: { maxOutputLength: number }) => Buffer>> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/**
 * The body of a request whose media type is JSON, as Fastify read it (at most JSON_BODY_LIMIT_BYTES):
 * inflated as its Content-Encoding says, decoded as UTF-8, parsed as an object or an array. Throws the
 * refusal (400, 413 or 415) for anything else; an empty body is no body.
 */
export function parseJsonBody(headers: IncomingHttpHeaders, raw: Buffer): unknown {
  const charset = charsetOf(headers['content-type']);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ApplicationError('UNSUPPORTED_MEDIA_TYPE', 415, 'The request body must be JSON encoded in UTF-8');
  }
  const text = decode(headers['content-encoding'], raw).toString('utf8');
  if (text.length === 0) return undefined;
  // Objects and arrays only: a bare `"x"` or `1` is no request body of this API.
  const first = /\S/.exec(text);
  if (first === null || (first[0] !== '{' && first[0] !== '[')) throw malformed();
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message quotes the offending input and its position; the client has the input already.
    throw malformed();
  }
}

/** Fastify hands a body of any other media type (or none named) here: refused before a byte of it is read. */
export function notJson(): ApplicationError {
  return new ApplicationError('UNSUPPORTED_MEDIA_TYPE', 415, NOT_JSON);
}

/** The refusal for an error Fastify raised while reading a body (recognised by its code), or undefined for anything else. */
export function fromFastifyError(error: unknown): ApplicationError | undefined {
  if (typeof error !== 'object' || error === null || error instanceof ApplicationError) return undefined;
  const { code } = error as { code?: unknown };
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return tooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return notJson();
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'ECONNRESET':
      return new ApplicationError('INCOMPLETE_BODY', 400, 'The request body ended before its declared length');
    default:
      return undefined;
  }
}

function decode(contentEncoding: string | undefined, raw: Buffer): Buffer {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return raw;
  const decoder = DECODERS[encoding];
  if (decoder === undefined) throw new ApplicationError('UNSUPPORTED_MEDIA_TYPE', 415, 'The request body has an unsupported Content-Encoding');
  try {
    // Cut as it is inflated, not after: 50 MB of zeros gzip to 50 KB.
    return decoder(raw, { maxOutputLength: JSON_BODY_LIMIT_BYTES });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new ApplicationError('MALFORMED_JSON', 400, 'The request body could not be decoded as its Content-Encoding says');
  }
}

function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1].toLowerCase();
}

function malformed(): ApplicationError {
  return new ApplicationError('MALFORMED_JSON', 400, 'The request body is not valid JSON');
}

function tooLarge(): ApplicationError {
  return new ApplicationError('PAYLOAD_TOO_LARGE', 413, `The request body is larger than the limit of ${JSON_BODY_LIMIT_BYTES} bytes`);
}
