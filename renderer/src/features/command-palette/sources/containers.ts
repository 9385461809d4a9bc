/** Commands for each container: open it, its logs, and the actions its state allows. */
import { useMemo } from 'react';
import type { ContainerAction, ContainerSummary } from '../../../../../engine/contract/types';
import { commandId } from '../../../app/command-ids';
import type { Command } from '../../../app/commands';
import { navigate } from '../../../app/router';
import { useContainerAction, useContainers } from '../../containers/api';
import { actionsFor, containerActions, removeWork } from '../../containers/actions';
import { useContainersUi } from '../../containers/store';

export function useContainerCommands(): Command[] {
  const containers = useContainers().data;
  const { mutate } = useContainerAction();
  const askToRemove = useContainersUi((s) => s.askToRemove);
  return useMemo(() => {
    const act = (c: ContainerSummary, action: ContainerAction) => mutate({ work: action, containers: [{ id: c.id, name: c.name }] });
    const byName = [...(containers ?? [])].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    return byName.flatMap((c): Command[] => {
      const about = { group: 'Containers', detail: c.image, keywords: [c.image, c.id.slice(0, 12), c.composeProject ?? ''] };
      return [
        { ...about, id: commandId({ kind: 'container', verb: 'open', id: c.id }), title: `Open ${c.name}`, run: () => navigate('container', { id: c.id }) },
        { ...about, id: commandId({ kind: 'container', verb: 'logs', id: c.id }), title: `Open logs of ${c.name}`, searchOnly: true, run: () => navigate('container', { id: c.id, tab: 'logs' }) },
        ...actionsFor(c.state).map((action): Command => {
          const { label, keywords = [] } = containerActions[action];
          return { ...about, keywords: [...about.keywords, ...keywords], id: commandId({ kind: 'container', verb: action, id: c.id }), title: `${label} ${c.name}`, searchOnly: true, run: () => act(c, action) };
        }),
        {
          ...about,
          id: commandId({ kind: 'container', verb: 'remove', id: c.id }),
          title: `${removeWork.label} ${c.name}`,
          searchOnly: true,
          // The Containers page asks first and says what goes with it.
          run: () => {
            navigate('containers');
            askToRemove([c.id]);
          },
        },
      ];
    });
  }, [containers, mutate, askToRemove]);
}
