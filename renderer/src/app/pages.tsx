/**
 * Every page of the app, in sidebar order. A feature adds its page here and nowhere else: the router,
 * the sidebar and the window title all read this list.
 */
import type { ReactNode } from 'react';
import { ContainersIcon, EnginesIcon } from '../components/icons';
import { ContainersPage } from '../features/containers/ContainersPage';
import { EnginesPage } from '../features/engines/EnginesPage';

export interface PageDef {
  /** The first segment of the route: `#/<id>/...`. */
  id: string;
  /** The sidebar label and window title. */
  title: string;
  icon: ReactNode;
  render(params: string[]): ReactNode;
}

export const pages: PageDef[] = [
  { id: 'containers', title: 'Containers', icon: <ContainersIcon />, render: () => <ContainersPage /> },
  { id: 'engines', title: 'Engines', icon: <EnginesIcon />, render: () => <EnginesPage /> },
];

export const defaultPage = pages[0]!;
