/**
 * Every page of the app, in sidebar order. A feature adds its page here and nowhere else: the router,
 * the sidebar and the window title all read this list.
 */
import { lazy } from 'react';
import type { ReactNode } from 'react';
import { ContainersIcon, DiskIcon, EnginesIcon, ImagesIcon, NetworksIcon, NodesIcon, PreferencesIcon, RegistriesIcon, SecretsIcon, ServicesIcon, StacksIcon, SwarmIcon, TerminalIcon, VmIcon, VolumesIcon } from '../components/icons';
import { useIsManager } from '../features/swarm/api';
import { ContainersPage } from '../features/containers/ContainersPage';
import { ComposeIcon } from '../features/compose/ComposeIcon';

// The first page is in the main bundle; every other page loads the first time it is opened (App.tsx
// shows "Loading…" for the moment that takes), so the window opens without parsing code it may not use.
const ContainerDetailsPage = lazy(() => import('../features/container-details/ContainerDetailsPage').then((m) => ({ default: m.ContainerDetailsPage })));
const ImagesRoutes = lazy(() => import('../features/images/ImagesRoutes').then((m) => ({ default: m.ImagesRoutes })));
const ComposePage = lazy(() => import('../features/compose/ComposePage').then((m) => ({ default: m.ComposePage })));
const ProjectPage = lazy(() => import('../features/compose/ProjectPage').then((m) => ({ default: m.ProjectPage })));
const VolumesPage = lazy(() => import('../features/volumes/VolumesPage').then((m) => ({ default: m.VolumesPage })));
const VolumeDetailsPage = lazy(() => import('../features/volumes/VolumeDetailsPage').then((m) => ({ default: m.VolumeDetailsPage })));
const NetworksPage = lazy(() => import('../features/networks/NetworksPage').then((m) => ({ default: m.NetworksPage })));
const NetworkDetailsPage = lazy(() => import('../features/networks/NetworkDetailsPage').then((m) => ({ default: m.NetworkDetailsPage })));
const TerminalsPage = lazy(() => import('../features/container-terminal/TerminalsPage').then((m) => ({ default: m.TerminalsPage })));
const DiskUsagePage = lazy(() => import('../features/disk/DiskUsagePage').then((m) => ({ default: m.DiskUsagePage })));
const RegistriesPage = lazy(() => import('../features/registries/RegistriesPage').then((m) => ({ default: m.RegistriesPage })));
const EnginesPage = lazy(() => import('../features/engines/EnginesPage').then((m) => ({ default: m.EnginesPage })));
const VmPage = lazy(() => import('../features/vm/VmPage').then((m) => ({ default: m.VmPage })));
const SwarmPage = lazy(() => import('../features/swarm/SwarmPage').then((m) => ({ default: m.SwarmPage })));
const NodesPage = lazy(() => import('../features/swarm/NodesPage').then((m) => ({ default: m.NodesPage })));
const ServicesPage = lazy(() => import('../features/swarm/ServicesPage').then((m) => ({ default: m.ServicesPage })));
const ServiceDetailsPage = lazy(() => import('../features/swarm/ServiceDetailsPage').then((m) => ({ default: m.ServiceDetailsPage })));
const StacksPage = lazy(() => import('../features/swarm/StacksPage').then((m) => ({ default: m.StacksPage })));
const SecretsPage = lazy(() => import('../features/swarm/SecretsPage').then((m) => ({ default: m.SecretsPage })));
const PreferencesPage = lazy(() => import('../features/preferences/PreferencesPage').then((m) => ({ default: m.PreferencesPage })));

export interface PageDef {
  /** The first segment of the route: `#/<id>/...`. */
  id: string;
  /** The sidebar label and window title. */
  title: string;
  icon: ReactNode;
  render(params: string[]): ReactNode;
  /** Pages of a group are drawn together under its name in the sidebar. */
  group?: 'Swarm';
  /** A hook saying whether the sidebar shows the page now (it can always be opened by its address). */
  useShown?: () => boolean;
}

export const pages: PageDef[] = [
  { id: 'containers', title: 'Containers', icon: <ContainersIcon />, render: ([id, tab]) => (id ? <ContainerDetailsPage key={id} id={id} tab={tab} /> : <ContainersPage />) },
  { id: 'compose', title: 'Compose', icon: <ComposeIcon />, render: ([name]) => (name ? <ProjectPage key={name} name={name} /> : <ComposePage />) },
  { id: 'images', title: 'Images', icon: <ImagesIcon />, render: (params) => <ImagesRoutes params={params} /> },
  { id: 'volumes', title: 'Volumes', icon: <VolumesIcon />, render: ([name]) => (name ? <VolumeDetailsPage key={name} name={name} /> : <VolumesPage />) },
  { id: 'networks', title: 'Networks', icon: <NetworksIcon />, render: ([id]) => (id ? <NetworkDetailsPage key={id} id={id} /> : <NetworksPage />) },
  { id: 'terminals', title: 'Terminals', icon: <TerminalIcon />, render: () => <TerminalsPage /> },
  { id: 'disk', title: 'Disk usage', icon: <DiskIcon />, render: () => <DiskUsagePage /> },
  { id: 'registries', title: 'Registries', icon: <RegistriesIcon />, render: () => <RegistriesPage /> },
  { id: 'engines', title: 'Engines', icon: <EnginesIcon />, render: () => <EnginesPage /> },
  { id: 'vm', title: 'Linux VM', icon: <VmIcon />, render: () => <VmPage /> },
  { id: 'preferences', title: 'Preferences', icon: <PreferencesIcon />, render: () => <PreferencesPage /> },
  // Last in the list so their G-letters never move the pages above; the sidebar draws them as a group.
  { id: 'swarm', title: 'Swarm', icon: <SwarmIcon />, group: 'Swarm', render: () => <SwarmPage /> },
  { id: 'services', title: 'Services', icon: <ServicesIcon />, group: 'Swarm', useShown: useIsManager, render: ([id, tab]) => (id ? <ServiceDetailsPage key={id} id={id} tab={tab} /> : <ServicesPage />) },
  { id: 'nodes', title: 'Nodes', icon: <NodesIcon />, group: 'Swarm', useShown: useIsManager, render: () => <NodesPage /> },
  { id: 'stacks', title: 'Stacks', icon: <StacksIcon />, group: 'Swarm', useShown: useIsManager, render: () => <StacksPage /> },
  { id: 'secrets', title: 'Secrets and configs', icon: <SecretsIcon />, group: 'Swarm', useShown: useIsManager, render: () => <SecretsPage /> },
];

export const defaultPage = pages[0]!;
