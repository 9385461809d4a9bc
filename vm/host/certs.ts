/**
 * The certificates that protect the VM's engine API: made once per install, never shipped in the image.
 * A private CA signs one server certificate (for the guest's dockerd, handed to it through fw_cfg at each
 * boot) and one client certificate (kept on the host, read only by the user). dockerd runs with
 * --tlsverify, so a connection without the client certificate fails the handshake.
 *
 * Keys are made by Node's crypto (native, fast); node-forge builds and signs the certificates.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';

export interface CertFiles {
  dir: string;
  /** The docker CLI's names, so the folder works as DOCKER_CERT_PATH. */
  ca: string;
  cert: string;
  key: string;
  serverCert: string;
  serverKey: string;
}

export function certFiles(dir: string): CertFiles {
  const at = (name: string) => path.join(dir, name);
  return { dir, ca: at('ca.pem'), cert: at('cert.pem'), key: at('key.pem'), serverCert: at('server-cert.pem'), serverKey: at('server-key.pem') };
}

function keyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(pem);
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e), pem };
}

function certificate(
  subject: string,
  publicKey: forge.pki.rsa.PublicKey,
  issuer: { cert?: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey },
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${crypto.randomBytes(15).toString('hex')}`;
  // A day of slack: the guest's clock comes from its RTC and may lag a little after the host slept.
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600_000);
  const attrs = [{ name: 'commonName', value: subject }, { name: 'organizationName', value: 'Berth' }];
  cert.setSubject(attrs);
  cert.setIssuer(issuer.cert ? issuer.cert.subject.attributes : attrs);
  cert.setExtensions(extensions);
  cert.sign(issuer.key, forge.md.sha256.create());
  return cert;
}

/** Makes the CA, server and client certificates unless they exist; returns where they are. */
export function ensureCertificates(dir: string): CertFiles {
  const files = certFiles(dir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  if ([files.ca, files.cert, files.key, files.serverCert, files.serverKey].every((f) => fs.existsSync(f))) return files;

  const ca = keyPair();
  const caCert = certificate(`Berth VM CA (${os.hostname()})`, ca.publicKey, { key: ca.privateKey }, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  const server = keyPair();
  const serverCert = certificate('berth-vm', server.publicKey, { cert: caCert, key: ca.privateKey }, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '10.0.2.15' }] },
  ]);
  const client = keyPair();
  const clientCert = certificate('berth-client', client.publicKey, { cert: caCert, key: ca.privateKey }, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  const write = (file: string, text: string) => fs.writeFileSync(file, text, { mode: 0o600 });
  write(files.ca, forge.pki.certificateToPem(caCert));
  write(files.serverCert, forge.pki.certificateToPem(serverCert));
  write(files.serverKey, server.pem);
  write(files.cert, forge.pki.certificateToPem(clientCert));
  // The key that opens the engine is written last, so a half-made folder is made again next time.
  write(files.key, client.pem);
  return files;
}
