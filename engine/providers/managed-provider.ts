/** Berth's managed dockerd (Linux) as an engine provider: one engine, which Berth can start and stop. */
import { EventEmitter } from 'node:events';
import type { EngineStatus } from '../contract/types';
import type { ManagedEngine } from './managed-engine';
import { openConnection } from './provider';
import type { EngineCandidate, EngineProvider, OnQuit, ProviderState } from './provider';

export class ManagedEngineProvider extends EventEmitter<{ state: [ProviderState] }> implements EngineProvider {
  readonly id = 'managed';
  readonly label = 'Berth’s managed engine';

  constructor(readonly engine: ManagedEngine) {
    super();
    engine.on('change', (status) => this.emit('state', { running: status.state === 'running' }));
  }

  discover(): EngineCandidate[] {
    return [{ id: 'managed', kind: 'managed', label: this.label, host: `unix://${this.engine.socket}` }];
  }

  /** Offered on Linux while stopped (it can be started); elsewhere only when something answers there. */
  listedWhenStopped(): boolean {
    return this.engine.supported;
  }

  connect(candidate: EngineCandidate) {
    return openConnection(candidate);
  }

  overlay(s: EngineStatus): EngineStatus | undefined {
    const m = this.engine.status();
    if (m.state === 'starting' && s.state !== 'running') return { ...s, state: 'starting', reason: 'Berth’s managed engine is starting…' };
    // Shutting down, it stops answering at once but takes seconds to exit: never "running" meanwhile.
    if (m.state === 'stopping') return { ...s, state: 'stopped', reason: 'Berth’s managed engine is stopping…' };
    if ((m.state === 'stopped' || m.state === 'failed') && s.state !== 'running') {
      return { ...s, state: 'stopped', reason: m.error ?? 'Berth’s managed engine is stopped. Start it to manage containers.' };
    }
    return undefined;
  }

  noEngineHint() {
    const m = this.engine.status();
    if (!m.supported) return undefined;
    return m.installed ? { start: 'start Berth’s managed engine' } : { install: m.installHint };
  }

  dispose(onQuit: OnQuit): Promise<void> {
    return this.engine.dispose(onQuit);
  }
}
