import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { SigningKey } from './signing-key';

// Issue 14: a commit position counts every event of the whole store, so the X-Event-Position of two
// writes, or a report's checkpoint read twice, told an investor how much everybody else did in between.
// Investors get positions sealed instead: AES-256-GCM under a key derived from the deployment's signing
// key (which every instance shares, as receipts need), a fresh nonce each time, so two tokens for one
// position differ and none can be forged. The server opens them again for read-your-writes.

const VERSION = 'p1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const POSITION_BYTES = 8;
/** `p1.` and 48 base64url characters: one length for every position. */
export const POSITION_TOKEN = /^p1\.[A-Za-z0-9_-]{48}$/;

export class PositionTokens {
  private readonly key: Buffer;

  constructor(signingKey: SigningKey) {
    const material = signingKey.privateKey.export({ type: 'pkcs8', format: 'der' });
    this.key = Buffer.from(hkdfSync('sha256', material, 'deal-room', 'position-token.v1', 32));
  }

  seal(position: bigint): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const plain = Buffer.alloc(POSITION_BYTES);
    plain.writeBigUInt64BE(position);
    const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${sealed.toString('base64url')}`;
  }

  /** The position sealed in `token`, or null when it is not a token this deployment sealed. */
  open(token: string): bigint | null {
    if (!POSITION_TOKEN.test(token)) return null;
    const sealed = Buffer.from(token.slice(VERSION.length + 1), 'base64url');
    if (sealed.length !== NONCE_BYTES + POSITION_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, NONCE_BYTES));
      decipher.setAuthTag(sealed.subarray(NONCE_BYTES + POSITION_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, NONCE_BYTES + POSITION_BYTES)), decipher.final()]);
      return plain.readBigUInt64BE();
    } catch {
      return null;
    }
  }
}
