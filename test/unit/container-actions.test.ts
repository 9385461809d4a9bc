import { describe, expect, it } from 'vitest';
import type { ContainerState } from '../../engine/contract/types';
import { actionsFor, affectedBy, containerActions, containerWork } from '../../renderer/src/features/containers/actions';

describe('container actions, defined once', () => {
  it('offers in each state the actions that change something there', () => {
    const offered: Record<ContainerState, string[]> = {
      running: ['stop', 'restart', 'pause', 'kill'],
      paused: ['stop', 'restart', 'unpause', 'kill'],
      restarting: ['stop', 'restart', 'kill'],
      created: ['start', 'restart'],
      exited: ['start', 'restart'],
      removing: [],
      dead: [],
    };
    for (const [state, actions] of Object.entries(offered)) expect(actionsFor(state as ContainerState), state).toEqual(actions);
  });

  it('acts in bulk only on the containers an action changes', () => {
    const rows = [
      { id: 'a', state: 'running' as const },
      { id: 'b', state: 'exited' as const },
      { id: 'c', state: 'paused' as const },
    ];
    expect(affectedBy('stop', rows).map((c) => c.id)).toEqual(['a', 'c']);
    expect(affectedBy('start', rows).map((c) => c.id)).toEqual(['b']);
    expect(affectedBy('unpause', rows).map((c) => c.id)).toEqual(['c']);
  });

  it('says every action and removal in the same words wherever it is shown', () => {
    expect(containerActions.unpause).toMatchObject({ label: 'Resume', verb: 'resume', underWay: 'Resuming…', keywords: ['unpause'] });
    for (const [work, def] of Object.entries(containerWork)) {
      expect(def.label.toLowerCase(), work).toBe(def.verb);
      expect(def.underWay, work).toMatch(/…$/);
    }
    expect(containerWork.remove.underWay).toBe('Removing…');
  });
});
