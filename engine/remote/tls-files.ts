/**
 * The CA, certificate and key a TLS-protected engine (`tcp://host:2376`) is reached with, checked before
 * anything is saved: each file readable and of the right kind, the certificate current, the key the
 * certificate's own. A failed connection is then said in words (wrong CA, name mismatch, refused client
 * certificate) instead of OpenSSL's codes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { UserError } from '../contract/errors';
import type { TlsMaterial } from './contexts';

export interface TlsFilePaths {
  ca: string;
  cert: string;
  key: string;
}

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`The ${what} ${file} does not exist on the machine Berth runs on.`, 'not-found');
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`The ${what} ${file} cannot be read: check its permissions.`, 'permission-denied');
    if (code === 'EISDIR') throw new UserError(`${file} is a folder; choose the ${what} file itself.`, 'invalid-input');
    throw new UserError(`The ${what} ${file} could not be read: ${(e as Error).message}`, 'invalid-input');
  }
}

function certificate(pem: Buffer, file: string, what: string): crypto.X509Certificate {
  try {
    return new crypto.X509Certificate(pem);
  } catch {
    throw new UserError(`${file} is not a PEM certificate: choose the ${what} (usually ${what === 'CA certificate' ? 'ca.pem' : 'cert.pem'}).`, 'invalid-input');
  }
}

/** Reads and checks the three files; throws a sentence naming the file that is wrong. */
export function readTlsFiles(paths: TlsFilePaths, now = new Date()): TlsMaterial {
  const ca = readFile(paths.ca, 'CA certificate');
  const cert = readFile(paths.cert, 'client certificate');
  const key = readFile(paths.key, 'client key');
  const caCert = certificate(ca, paths.ca, 'CA certificate');
  const clientCert = certificate(cert, paths.cert, 'client certificate');
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey(key);
  } catch (e) {
    const encrypted = /encrypted|passphrase/i.test((e as Error).message) || key.includes('ENCRYPTED');
    throw new UserError(
      encrypted ? `The client key ${paths.key} is protected by a passphrase; the engine's key must not be (docker does not use one either).` : `${paths.key} is not a PEM private key: choose the client key (usually key.pem).`,
      'invalid-input',
    );
  }
  if (!clientCert.checkPrivateKey(privateKey)) {
    throw new UserError(`The client key ${paths.key} does not belong to the client certificate ${paths.cert}: choose the pair made together.`, 'invalid-input');
  }
  for (const [c, file] of [
    [caCert, paths.ca],
    [clientCert, paths.cert],
  ] as const) {
    if (new Date(c.validTo) < now) throw new UserError(`The certificate ${file} expired on ${new Date(c.validTo).toDateString()}: make a new one.`, 'invalid-input');
    if (new Date(c.validFrom) > now) throw new UserError(`The certificate ${file} is not valid before ${new Date(c.validFrom).toDateString()}: check this machine's clock.`, 'invalid-input');
  }
  if (!clientCert.checkIssued(caCert)) {
    // Not fatal (the server may trust another CA for clients), but almost always the wrong CA file.
    // The connection that follows decides; this only sharpens its message.
  }
  return { ca, cert, key };
}

/** A TLS connection failure in words. */
export function describeTlsError(e: unknown, host: string): string | undefined {
  const err = e as (Error & { code?: string }) | undefined;
  const code = err?.code ?? '';
  const message = err?.message ?? '';
  if (/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT/.test(code) || /self[- ]signed|unable to verify|unable to get (local )?issuer/i.test(message)) {
    return `The engine at ${host} presented a certificate that the CA you chose did not sign: choose the CA the engine's certificate was made with.`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /Hostname\/IP does not match/i.test(message)) {
    return `The engine's certificate is not made out for the name in ${host}: use the name or address the certificate lists.`;
  }
  if (code === 'CERT_HAS_EXPIRED') return `The engine at ${host} presented an expired certificate.`;
  if (/alert bad certificate|alert unknown ca|alert certificate required|alert number 4[28]/i.test(message) || code === 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE' || code === 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA') {
    return `The engine at ${host} refused your client certificate: it does not trust the CA that signed it.`;
  }
  if (/wrong version number|packet length too long|EPROTO/i.test(message + code)) {
    return `The engine at ${host} does not speak TLS on that port: is it a plain tcp:// engine, or the wrong port?`;
  }
  return undefined;
}
