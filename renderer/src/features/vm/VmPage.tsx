/**
 * Berth's Linux VM: its state, the accelerator in use and why, how to reach its engine, forwarded ports,
 * settings, the guest's console, checks, and a factory reset.
 */
import { Spinner } from '../../components/Spinner';
import { useVmStatus, useVmUpdates } from './api';
import { FactoryReset } from './FactoryReset';
import { VmChecks } from './VmChecks';
import { VmConsole } from './VmConsole';
import { VmControls } from './VmControls';
import { VmOverview, VmProblems } from './VmOverview';
import { VmPorts } from './VmPorts';
import { VmSettingsForm } from './VmSettingsForm';
import { vmStateLook } from './vm-state';
import '../engines/engines.css';
import './vm.css';

export function VmPage() {
  useVmUpdates();
  const query = useVmStatus();
  const status = query.data;
  const look = status ? vmStateLook[status.state] : undefined;
  return (
    <section className="page" aria-labelledby="vm-title">
      <header className="page-header">
        <div className="page-header__title vm-title">
          <h1 id="vm-title">Linux VM</h1>
          {status && look && (
            <span className={`badge badge--${look.tone}`} data-testid="vm-state" data-state={status.state}>
              {look.label}
            </span>
          )}
        </div>
        {status && <VmControls status={status} />}
      </header>
      <div className="page-body vm">
        {!status ? (
          <p className="vm-loading" role="status">
            <Spinner /> Looking at the VM…
          </p>
        ) : (
          <>
            <p className="vm-intro">
              A small Linux machine that runs its own Docker Engine, for systems without a Linux kernel. Its images, containers and volumes live on
              its own disk and survive restarts.
            </p>
            <VmProblems status={status} />
            {(status.state === 'starting' || status.state === 'stopping') && <div className="progress-bar" aria-hidden="true" />}
            <VmOverview status={status} />
            {status.state === 'running' && <VmPorts ports={status.ports} />}
            <VmSettingsForm key={JSON.stringify(status.settings)} status={status} />
            <VmConsole />
            <VmChecks />
            <FactoryReset status={status} />
            <p className="vm-footnote">
              What has been run: the QEMU driver on Linux, with KVM probed and emulation (TCG) used where KVM does not work. The macOS path (hvf)
              and the Windows paths (whpx, the WSL 2 driver, the engine’s named pipe) are written from their documentation and have not been run
              on those systems yet; the WSL 2 driver’s tests run it with wsl.exe simulated.
            </p>
          </>
        )}
      </div>
    </section>
  );
}
