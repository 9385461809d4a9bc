/**
 * What a page that needs the engine shows while there is none to use: why, in the backend's words, and
 * the one click that fixes it when Berth can (starting its managed engine, or its Linux VM when that is
 * the engine in use), or the way to the Engines page.
 */
import { useQuery } from '@tanstack/react-query';
import type { EngineStatus } from '../../../../engine/contract/types';
import { href } from '../../app/router';
import { EnginesIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { useVmCommand, vmStatusQuery } from '../vm/api';
import { canStartManaged, useManagedCommand, useManagedStatus } from './managed-api';

const titles: Record<EngineStatus['state'], string> = {
  running: 'The engine is running',
  starting: 'Connecting to the engine…',
  stopped: 'The engine is stopped',
  unreachable: 'Berth cannot reach the engine',
  'not-answering': 'The engine is not answering',
  none: 'No container engine found',
};

export function EngineRequired({ status }: { status: EngineStatus }) {
  const managed = useManagedStatus().data;
  const command = useManagedCommand();
  const aboutManaged = status.state === 'none' || status.endpoint?.kind === 'managed';
  // Until the backend connects to it, a managed engine that is already up still counts as starting.
  const managedStarting =
    aboutManaged &&
    (managed?.state === 'starting' || (command.isPending && command.variables === 'start') || (status.state === 'none' && managed?.state === 'running'));
  const offerStart = aboutManaged && !managedStarting && canStartManaged(managed);
  // The engine in use is Berth's VM: start it from here, as from its own page.
  const aboutVm = status.endpoint?.kind === 'vm';
  const vm = useQuery({ ...vmStatusQuery(), enabled: aboutVm }).data;
  const vmCommand = useVmCommand();
  const vmStarting = aboutVm && (vm?.state === 'starting' || (vmCommand.isPending && vmCommand.variables === 'start'));
  const offerVmStart = aboutVm && !vmStarting && vm !== undefined && vm.supported && vm.guest.built && (vm.state === 'stopped' || vm.state === 'failed');
  const starting = managedStarting || vmStarting;

  return (
    <div className="placeholder" data-testid="engine-required" data-engine-state={status.state}>
      <span className={`placeholder__icon placeholder__icon--${status.state}`}>{status.state === 'starting' || starting ? <Spinner /> : <EnginesIcon />}</span>
      <div className="placeholder__title">{managedStarting ? 'Starting Berth’s managed engine…' : vmStarting ? 'Starting Berth’s Linux VM…' : titles[status.state]}</div>
      {status.reason && !starting && <p>{status.reason}</p>}
      {status.endpoint && (
        <p className="mono" title={status.endpoint.host}>
          {status.endpoint.label} · {status.endpoint.host}
        </p>
      )}
      {status.state !== 'starting' && (
        <div className="placeholder__actions">
          {offerStart && (
            <button type="button" className="button button--primary" onClick={() => command.mutate('start')}>
              Start managed engine
            </button>
          )}
          {offerVmStart && (
            <button type="button" className="button button--primary" onClick={() => vmCommand.mutate('start')} data-testid="engine-required-start-vm">
              {vm.crashed ? 'Restart the VM' : 'Start the VM'}
            </button>
          )}
          {aboutVm && (
            <a className="button" href={href('vm')}>
              Open the VM’s page
            </a>
          )}
          <a className="button" href={href('engines')}>
            Go to Engines
          </a>
        </div>
      )}
    </div>
  );
}
