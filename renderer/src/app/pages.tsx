/**
 * Every page of the app, in sidebar order. A feature adds its page here and nowhere else: the router,
 * the sidebar and the window title all read this list.
 */
import type { ReactNode } from 'react';
import { ContainersIcon, EnginesIcon, ImagesIcon, PreferencesIcon, RegistriesIcon, VmIcon } from '../components/icons';
import { ContainerDetailsPage } from '../features/container-details/ContainerDetailsPage';
import { ContainersPage } from '../features/containers/ContainersPage';
import { EnginesPage } from '../features/engines/EnginesPage';
import { VmPage } from '../features/vm/VmPage';
import { ImagesRoutes } from '../features/images/ImagesRoutes';
import { RegistriesPage } from '../features/registries/RegistriesPage';
import { VolumesIcon, NetworksIcon, DiskIcon } from '../components/icons';
import { VolumesPage } from '../features/volumes/VolumesPage';
import { VolumeDetailsPage } from '../features/volumes/VolumeDetailsPage';
import { NetworksPage } from '../features/networks/NetworksPage';
import { NetworkDetailsPage } from '../features/networks/NetworkDetailsPage';
import { DiskUsagePage } from '../features/disk/DiskUsagePage';
import { PreferencesPage } from '../features/preferences/PreferencesPage';

export interface PageDef {
  /** The first segment of the route: `#/<id>/...`. */
  id: string;
  /** The sidebar label and window title. */
  title: string;
  icon: ReactNode;
  render(params: string[]): ReactNode;
}

export const pages: PageDef[] = [
  { id: 'containers', title: 'Containers', icon: <ContainersIcon />, render: ([id, tab]) => (id ? <ContainerDetailsPage key={id} id={id} tab={tab} /> : <ContainersPage />) },
  { id: 'images', title: 'Images', icon: <ImagesIcon />, render: (params) => <ImagesRoutes params={params} /> },
  { id: 'volumes', title: 'Volumes', icon: <VolumesIcon />, render: ([name]) => (name ? <VolumeDetailsPage key={name} name={name} /> : <VolumesPage />) },
  { id: 'networks', title: 'Networks', icon: <NetworksIcon />, render: ([id]) => (id ? <NetworkDetailsPage key={id} id={id} /> : <NetworksPage />) },
  { id: 'disk', title: 'Disk usage', icon: <DiskIcon />, render: () => <DiskUsagePage /> },
  { id: 'registries', title: 'Registries', icon: <RegistriesIcon />, render: () => <RegistriesPage /> },
  { id: 'engines', title: 'Engines', icon: <EnginesIcon />, render: () => <EnginesPage /> },
  { id: 'vm', title: 'Linux VM', icon: <VmIcon />, render: () => <VmPage /> },
  { id: 'preferences', title: 'Preferences', icon: <PreferencesIcon />, render: () => <PreferencesPage /> },
];

export const defaultPage = pages[0]!;
