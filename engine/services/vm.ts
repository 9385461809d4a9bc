/** The VM's part of the contract, implemented on Berth's VM provider. */
import type { VmUpdate, vmMethods, vmStreams } from '../contract/vm';
import type { VmStatus } from '../contract/vm-types';
import type { VmEngine } from '../providers/vm-engine';
import { EventQueue } from '../rpc/event-queue';
import type { MethodHandlersFor, StreamHandlersFor } from './engine-access';
import { refuseUnconfirmedStop } from './stop-confirmation';

/** The backend, which creates its VM provider after its handlers are declared. */
export interface VmAccess {
  readonly vm: VmEngine;
}

export function vmMethodHandlers(host: VmAccess): MethodHandlersFor<typeof vmMethods> {
  return {
    'vm.status': async () => host.vm.status(),
    'vm.start': () => host.vm.start(),
    'vm.stop': (input) => {
      refuseUnconfirmedStop(host.vm.status().others ?? 0, input?.othersConfirmed, 'the Linux VM page');
      return host.vm.stop(input?.othersConfirmed);
    },
    'vm.restart': (input) => {
      refuseUnconfirmedStop(host.vm.status().others ?? 0, input?.othersConfirmed, 'the Linux VM page');
      return host.vm.restart(input?.othersConfirmed);
    },
    'vm.updateSettings': (settings) => host.vm.updateSettings(settings),
    'vm.factoryReset': ({ name }) => host.vm.factoryReset(name),
    'vm.console': async () => host.vm.consoleLines(),
    'vm.doctor': () => host.vm.doctor(),
  };
}

export function vmStreamHandlers(host: VmAccess): StreamHandlersFor<typeof vmStreams> {
  return {
    'vm.updates': (_input, { signal }) => {
      const vm = host.vm;
      // A newer status replaces a queued one; console lines pile up (a slow UI gets them in one batch).
      const queue = new EventQueue<VmUpdate>(signal, (queued, next) => {
        if (queued.type === 'status' && next.type === 'status') return next;
        if (queued.type === 'console' && next.type === 'console') return { type: 'console', lines: [...queued.lines, ...next.lines].slice(-2000) };
        return undefined;
      });
      queue.push({ type: 'status', status: vm.status() });
      const onChange = (status: VmStatus) => queue.push({ type: 'status', status });
      vm.on('change', onChange);
      const stopFollowing = vm.followConsole((lines) => queue.push({ type: 'console', lines }));
      signal.addEventListener('abort', () => {
        vm.off('change', onChange);
        stopFollowing();
      }, { once: true });
      return queue;
    },
  };
}
