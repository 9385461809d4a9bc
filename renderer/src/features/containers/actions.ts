/**
 * What can be done to a container, each defined once: its label, icon, the words for it in a sentence and
 * while it runs, the states it changes something in, and the call that does it. The row and details
 * buttons, their menus, the bulk bar, the command palette, the state badge and the error notices all read
 * these, so a new action (or a new word for one) is one entry here.
 */
import type { ComponentType } from 'react';
import type { ContainerAction, ContainerState } from '../../../../engine/contract/types';
import { KillIcon, PauseIcon, PlayIcon, RestartIcon, StopIcon, TrashIcon } from '../../components/icons';

/** What is being done to a container right now: one of its actions, or removing it. */
export type ContainerWork = ContainerAction | 'remove';

export interface ContainerWorkDef {
  /** On buttons and menus, and before the name in the palette and accessible names: "Stop" (web). */
  label: string;
  /** In a sentence: "Could not stop web", "Nothing to stop". */
  verb: string;
  Icon: ComponentType;
  /** In place of the state while it runs. */
  underWay: string;
  /** Drawn as dangerous (it does not wait for the container to finish its work). */
  danger?: boolean;
  /** More words that find it in the palette (Docker's own word, when the label is another). */
  keywords?: string[];
}

export interface ContainerActionDef extends ContainerWorkDef {
  /**
   * Whether it changes something for a container in this state; a bulk "Stop" leaves stopped rows alone.
   * Run with `containers.act` and this action's name: the engine call is the same for every action.
   */
  appliesTo(state: ContainerState): boolean;
  /** Told when it changes nothing for any of the containers chosen. */
  whenNoneApply: string;
}

/** Whether a container counts as up (stoppable) for the actions offered. */
export function isUp(state: ContainerState): boolean {
  return state === 'running' || state === 'restarting' || state === 'paused';
}

/** In the order the palette lists them. Restart also starts stopped containers, as `docker compose restart` does. */
export const containerActions: Record<ContainerAction, ContainerActionDef> = {
  start: { label: 'Start', verb: 'start', Icon: PlayIcon, underWay: 'Starting…', appliesTo: (s) => s === 'created' || s === 'exited', whenNoneApply: 'They are running already.' },
  stop: { label: 'Stop', verb: 'stop', Icon: StopIcon, underWay: 'Stopping…', appliesTo: isUp, whenNoneApply: 'None of them is running.' },
  restart: {
    label: 'Restart',
    verb: 'restart',
    Icon: RestartIcon,
    underWay: 'Restarting…',
    appliesTo: (s) => s !== 'removing' && s !== 'dead',
    whenNoneApply: 'None of them can be restarted.',
  },
  pause: { label: 'Pause', verb: 'pause', Icon: PauseIcon, underWay: 'Pausing…', appliesTo: (s) => s === 'running', whenNoneApply: 'None of them is running.' },
  unpause: {
    label: 'Resume',
    verb: 'resume',
    Icon: PlayIcon,
    underWay: 'Resuming…',
    keywords: ['unpause'],
    appliesTo: (s) => s === 'paused',
    whenNoneApply: 'None of them is paused.',
  },
  kill: { label: 'Kill', verb: 'kill', Icon: KillIcon, underWay: 'Killing…', danger: true, appliesTo: isUp, whenNoneApply: 'None of them is running.' },
};

/** Removing asks first, in RemoveDialog (what goes with the containers: their anonymous volumes). */
export const removeWork: ContainerWorkDef = { label: 'Remove', verb: 'remove', Icon: TrashIcon, underWay: 'Removing…', danger: true };

export const containerWork: Record<ContainerWork, ContainerWorkDef> = { ...containerActions, remove: removeWork };

/** The actions that change something for a container in this state, in the palette's order. */
export function actionsFor(state: ContainerState): ContainerAction[] {
  return (Object.keys(containerActions) as ContainerAction[]).filter((a) => containerActions[a].appliesTo(state));
}

/** The containers among `containers` an action would change, so a bulk "Stop" does not mark stopped rows as stopping. */
export function affectedBy<C extends { state: ContainerState }>(action: ContainerAction, containers: C[]): C[] {
  return containers.filter((c) => containerActions[action].appliesTo(c.state));
}
