/**
 * `berth vm doctor` and the UI's checks: each piece of the VM in turn, what was found, what was repaired,
 * and what the user must do. Repairs are the safe ones only: stale files from a crash, the socket's
 * permissions, the docker context.
 */
import fs from 'node:fs';
import Docker from 'dockerode';
import type { VmDoctorCheck } from '../engine/contract/vm-types';
import { ensureCertificates } from './host/certs';
import { ensureDockerContext, readContextHost } from './host/docker-context';
import { preparePrivateFolder } from './host/socket-proxy';
import { diskUsedBytes, pingTls, processAlive, readOwner, readQemuPid, removeStaleFiles } from './machine-files';
import type { VmMachine } from './machine';
import { consoleTail } from './qemu/console';
import { archName, hostGuestArch } from './guest/contents';

const gib = (bytes: number) => (bytes < 2 ** 30 ? `${Math.round(bytes / 2 ** 20)} MiB` : `${(bytes / 2 ** 30).toFixed(1)} GiB`);

export async function runDoctor(machine: VmMachine): Promise<VmDoctorCheck[]> {
  const files = machine.files;
  const checks: VmDoctorCheck[] = [];
  const add = (name: string, ok: boolean, detail: string, repaired = false) => checks.push({ name, ok, detail, repaired });
  const status = machine.status();

  add('QEMU', status.supported, status.supported ? 'QEMU and qemu-img are installed.' : status.installHint ?? 'QEMU is not installed.');
  const image = status.guest;
  add('Guest image', image.built, image.built ? `Kernel ${image.kernel}, engine ${image.engine} (${gib(image.bytes ?? 0)}).` : `Not built in ${image.dir}: run npm run vm:build.`);
  if (image.built && image.arch && image.arch !== hostGuestArch()) {
    add('Guest architecture', false, `The guest is built for ${archName(image.arch)} and this computer is ${archName(hostGuestArch())}: it runs only emulated, several times slower. Build this computer’s guest: npm run vm:build.`);
  }

  const qemuPid = readQemuPid(files);
  const owner = readOwner(files);
  if (qemuPid && !processAlive(qemuPid)) {
    const removed = removeStaleFiles(files);
    add('QEMU process', false, `QEMU (pid ${qemuPid}) is gone but left ${removed.join(', ')} behind: removed. Start the VM again.`, true);
    return checks;
  }
  if (!qemuPid) {
    add('QEMU process', false, 'The VM is not running: start it with berth vm start.');
    return checks;
  }
  add('QEMU process', true, `Running as pid ${qemuPid}${owner ? `, looked after by Berth process ${owner.pid}${processAlive(owner.pid) ? '' : ' (gone: the next Berth to start takes the VM over)'}` : ''}.`);

  const lines = consoleTail(files.consoleLog, 2000);
  const lastInit = lines.map((l, i) => (/berth-guest: init/.test(l) ? i : -1)).filter((i) => i >= 0).at(-1) ?? -1;
  const ready = lines.slice(lastInit + 1).some((l) => /berth-guest: engine-ready/.test(l));
  add('Guest ready', ready, ready ? 'The guest reported that its engine is ready.' : 'The guest has not reported its engine ready: see the console log (berth vm logs).');

  const certs = ensureCertificates(files.certs);
  if (owner) {
    const ping = await pingTls(certs, owner.apiPort);
    add('Engine answers /_ping', ping, ping ? `Over mutual TLS on 127.0.0.1:${owner.apiPort}.` : `No answer on 127.0.0.1:${owner.apiPort}: restart the VM (berth vm stop, then berth vm start).`);
    const refused = !(await pingTls(certs, owner.apiPort, 3000, false));
    add('Connections without the certificate are refused', refused, refused ? 'A TLS client without Berth’s certificate is turned away.' : 'The engine answered a client without a certificate: stop the VM and report this.');
  }

  let socketOk = false;
  if (files.endpoint.kind === 'pipe') {
    // Windows: a pipe has no file mode; its default security lets only this user, administrators and
    // SYSTEM write to it (host/endpoint.ts). Whether it is there is what answering through it shows.
    socketOk = Boolean(owner);
    add('Named pipe', socketOk, socketOk ? `${files.socket}: writable only by you, administrators and SYSTEM.` : `${files.socket} is not served: the Berth process that runs the VM is gone. Start Berth or run berth vm start to take it over.`);
  } else {
    try {
      const dir = fs.statSync(files.runDir);
      const sock = fs.statSync(files.socket);
      const uid = process.getuid?.();
      const ownerOk = uid === undefined || (sock.uid === uid && dir.uid === uid);
      let repaired = false;
      if ((dir.mode & 0o777) !== 0o700 || (sock.mode & 0o777) !== 0o600) {
        preparePrivateFolder(files.runDir);
        fs.chmodSync(files.socket, 0o600);
        repaired = true;
      }
      socketOk = ownerOk;
      add('Socket', ownerOk, `${files.socket}: mode 0600 in a 0700 folder${repaired ? ' (permissions were wider: corrected)' : ''}${ownerOk ? ', owned by you' : ', but owned by another user: remove it and restart the VM'}.`, repaired);
    } catch {
      add('Socket', false, `${files.socket} does not exist: the Berth process that runs the VM is gone. Start Berth or run berth vm start to take it over.`);
    }
  }

  const host = files.endpoint.dockerHost;
  const before = readContextHost();
  const changed = ensureDockerContext(host);
  add('Docker context', true, changed ? `The context “berth” ${before ? `pointed at ${before}` : 'was missing'}: it now points at ${host}.` : `“berth” points at ${host} (use it with docker --context berth).`, changed);

  if (socketOk) {
    const docker = new Docker({ socketPath: files.socket, timeout: 10_000 });
    try {
      const df = (await docker.df()) as { LayersSize?: number; Containers?: { SizeRw?: number }[]; Volumes?: { UsageData?: { Size?: number } }[] };
      const used = (df.LayersSize ?? 0) + (df.Containers ?? []).reduce((n, c) => n + (c.SizeRw ?? 0), 0) + (df.Volumes ?? []).reduce((n, v) => n + Math.max(0, v.UsageData?.Size ?? 0), 0);
      const size = status.limits.diskGiB * 2 ** 30;
      const free = size - used;
      const onHost = diskUsedBytes(files.disk);
      add('Free disk in the guest', free > 2 * 2 ** 30, `About ${gib(free)} free of ${gib(size)}${onHost !== undefined ? ` (the disk file takes ${gib(onHost)} on this machine)` : ''}.${free > 2 * 2 ** 30 ? '' : ' Remove unused images and volumes, or grow the disk in the VM’s settings.'}`);
      const info = (await docker.info()) as { SystemTime?: string };
      const skew = info.SystemTime ? (Date.parse(info.SystemTime) - Date.now()) / 1000 : 0;
      const fine = Math.abs(skew) <= 2;
      add('Clock', fine, fine ? `The guest’s clock is within ${Math.abs(skew).toFixed(1)} s of this machine’s.` : `The guest’s clock is ${skew.toFixed(0)} s off (after the host slept?); the guest sets it from its RTC within a minute.`);
    } catch (e) {
      add('Engine through the socket', false, `The engine did not answer through ${files.socket}: ${(e as Error).message}`);
    }
  }
  return checks;
}
