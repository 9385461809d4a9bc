// The WSL 2 driver has not been run on Windows (see its header): what can be checked here is that it
// says to wsl.exe what Microsoft's documentation says, and reads what wsl.exe answers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WslDriver, parseWslList } from '../../vm/wsl/wsl-driver';

const LIST = '  NAME      STATE           VERSION\r\n* Ubuntu    Running         2\r\n  berth     Stopped         2\r\n';

describe('the WSL 2 driver (not run on Windows)', () => {
  it('reads `wsl --list --verbose` in UTF-8 and in the UTF-16LE older WSL writes', () => {
    const expected = [
      { name: 'Ubuntu', state: 'Running', version: 2 },
      { name: 'berth', state: 'Stopped', version: 2 },
    ];
    expect(parseWslList(LIST)).toEqual(expected);
    expect(parseWslList(Buffer.from(LIST, 'utf16le'))).toEqual(expected);
  });

  it('imports the guest root file system as a WSL 2 distribution once, then starts dockerd in it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bvm-wsl-'));
    const tar = path.join(dir, 'rootfs.tar');
    fs.writeFileSync(tar, '');
    for (const name of ['ca.pem', 'server-cert.pem', 'server-key.pem', 'key.pem']) fs.writeFileSync(path.join(dir, name), `contents of ${name}`);
    const calls: string[][] = [];
    const inputs: string[] = [];
    let imported = false;
    const driver = new WslDriver(path.join(dir, 'install'), tar, async (args, input) => {
      calls.push(args);
      if (input !== undefined) inputs.push(input);
      if (args[0] === '--import') imported = true;
      return args[0] === '--list' ? (imported ? LIST : LIST.replace(/.*berth.*\r\n/, '')) : '';
    });
    const certs = { dir, ca: path.join(dir, 'ca.pem'), serverCert: path.join(dir, 'server-cert.pem'), serverKey: path.join(dir, 'server-key.pem'), cert: '', key: path.join(dir, 'key.pem') };
    await driver.start(certs);
    expect(calls).toContainEqual(['--import', 'berth', path.join(dir, 'install'), tar, '--version', '2']);
    expect(calls.at(-1)).toEqual(['--distribution', 'berth', '--user', 'root', '--exec', '/usr/lib/berth/wsl-start']);
    // The server's certificate and key go in; the client key, which opens the engine, never does.
    expect(inputs).toEqual(['contents of ca.pem', 'contents of server-cert.pem', 'contents of server-key.pem']);
    calls.length = 0;
    await driver.start(certs);
    expect(calls.some((c) => c[0] === '--import')).toBe(false);
    await driver.stop();
    expect(calls.at(-1)).toEqual(['--terminate', 'berth']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
