// Certificates for a TLS-protected test engine, made with openssl the way Docker's "Protect the daemon
// socket" guide makes them: a CA, a server certificate for 127.0.0.1, and a client certificate; plus a
// second, unrelated CA (and a client pair signed by it) for the refusals.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from './proc';

export interface TlsSet {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed neither side. */
  otherCa: string;
  /** A client pair signed by the other CA (the engine must refuse it). */
  otherClientCert: string;
  otherClientKey: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const r = await run('sh', ['-c', `cd "${cwd}" && openssl ${args.map((a) => `'${a}'`).join(' ')}`]);
  if (r.code !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
}

async function makeCa(dir: string, name: string): Promise<void> {
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}-key.pem`, '-out', `${name}.pem`], dir);
}

async function makeSigned(dir: string, ca: string, name: string, cn: string, ext: string): Promise<void> {
  fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`], dir);
  await openssl(['x509', '-req', '-days', '2', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}-key.pem`, '-CAcreateserial', '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir);
}

export async function makeTlsSet(): Promise<TlsSet> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'btls-'));
  await makeCa(dir, 'ca');
  await makeCa(dir, 'other-ca');
  await makeSigned(dir, 'ca', 'server', '127.0.0.1', 'subjectAltName = IP:127.0.0.1,DNS:localhost\nextendedKeyUsage = serverAuth\n');
  await makeSigned(dir, 'ca', 'client', 'berth-test-client', 'extendedKeyUsage = clientAuth\n');
  await makeSigned(dir, 'other-ca', 'other-client', 'stranger', 'extendedKeyUsage = clientAuth\n');
  const p = (f: string) => path.join(dir, f);
  return {
    dir,
    ca: p('ca.pem'),
    serverCert: p('server.pem'),
    serverKey: p('server-key.pem'),
    clientCert: p('client.pem'),
    clientKey: p('client-key.pem'),
    otherCa: p('other-ca.pem'),
    otherClientCert: p('other-client.pem'),
    otherClientKey: p('other-client-key.pem'),
  };
}

/** dockerd arguments for a TLS-verified listener on 127.0.0.1:port. */
export function tlsEngineArgs(set: TlsSet, port: number): string[] {
  return ['--tlsverify', `--tlscacert=${set.ca}`, `--tlscert=${set.serverCert}`, `--tlskey=${set.serverKey}`, `--host=tcp://127.0.0.1:${port}`];
}
