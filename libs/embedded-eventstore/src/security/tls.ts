import 'reflect-metadata';
import { X509Certificate as NodeX509, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

export interface TlsFiles {
  /** The CA that signed the node certificate: what a client trusts (`tlsCAFile`). */
  caFile: string;
  cert: Buffer;
  key: Buffer;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const VALID_YEARS = 5;
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

/** Names a client may use to reach the server: loopback always, plus the interface it listens on. */
function namesFor(host: string): string[] {
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  if (host !== '0.0.0.0' && host !== '::') names.add(host);
  return [...names];
}

const sanEntry = (name: string): string => (isIP(name) ? `IP Address:${name === '::1' ? '0:0:0:0:0:0:0:1' : name}` : `DNS:${name}`);

function usable(certFile: string, names: string[]): boolean {
  try {
    const cert = new NodeX509(readFileSync(certFile));
    if (Date.parse(cert.validTo) - Date.now() < RENEW_BEFORE_MS) return false;
    const san = (cert.subjectAltName ?? '').split(', ');
    return names.every((name) => san.includes(sanEntry(name)));
  } catch {
    return false;
  }
}

function toPem(der: ArrayBuffer, label: string): string {
  const base64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}

/**
 * A private CA and a node certificate for it, made on first start in `DATA_DIR/tls` and reused while they
 * cover the host and are not about to expire. The CA's key is thrown away once the node certificate is
 * signed, so nothing else can ever be signed with it.
 */
export async function ensureTlsFiles(dataDir: string, host: string): Promise<TlsFiles> {
  const dir = join(dataDir, 'tls');
  const caFile = join(dir, 'ca.crt');
  const certFile = join(dir, 'node.crt');
  const keyFile = join(dir, 'node.key');
  const names = namesFor(host);
  if (!(existsSync(caFile) && existsSync(keyFile) && usable(certFile, names))) {
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    const notBefore = new Date(Date.now() - 3600 * 1000);
    const notAfter = new Date(notBefore.getTime() + VALID_YEARS * 365 * 24 * 3600 * 1000);
    const subtle = webcrypto.subtle;
    const caKeys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const nodeKeys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const ca = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1'),
      name: 'CN=Embedded event store CA',
      notBefore,
      notAfter,
      signingAlgorithm: ALGORITHM,
      keys: caKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
      ],
    });
    const node = await x509.X509CertificateGenerator.create({
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1'),
      subject: 'CN=eventstore',
      issuer: ca.subject,
      notBefore,
      notAfter,
      signingAlgorithm: ALGORITHM,
      publicKey: nodeKeys.publicKey,
      signingKey: caKeys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(names.map((name) => ({ type: isIP(name) ? 'ip' : 'dns', value: name }))),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      ],
    });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, toPem(await subtle.exportKey('pkcs8', nodeKeys.privateKey), 'PRIVATE KEY'), { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    writeFileSync(certFile, node.toString('pem') + '\n');
    writeFileSync(caFile, ca.toString('pem') + '\n');
  }
  return { caFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}
