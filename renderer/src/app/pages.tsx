/**
 * Every page of the app, in sidebar order, and what each route shows. A feature adds its routes to
 * routes.ts and its page and views here: the router, the sidebar and the window title all read these.
 */
import { lazy } from 'react';
import type { ReactNode } from 'react';
import type { PageId, Route, RouteName, RouteParams } from './routes';
import { ComposeIcon, ContainersIcon, DiskIcon, EnginesIcon, ImagesIcon, NetworksIcon, NodesIcon, PreferencesIcon, RegistriesIcon, SecretsIcon, ServicesIcon, StacksIcon, SwarmIcon, TerminalIcon, VmIcon, VolumesIcon } from '../components/icons';
import { useIsManager } from '../features/swarm/api';
import { ContainersPage } from '../features/containers/ContainersPage';

// The first page is in the main bundle; every other page loads the first time it is opened (App.tsx
// shows "Loading…" for the moment that takes), so the window opens without parsing code it may not use.
const ContainerDetailsPage = lazy(() => import('../features/container-details/ContainerDetailsPage').then((m) => ({ default: m.ContainerDetailsPage })));
const ImagesPage = lazy(() => import('../features/images/ImagesPage').then((m) => ({ default: m.ImagesPage })));
const BuildPage = lazy(() => import('../features/images/BuildPage').then((m) => ({ default: m.BuildPage })));
const ImageDetailPage = lazy(() => import('../features/images/ImageDetailPage').then((m) => ({ default: m.ImageDetailPage })));
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
  /** The first segment of its routes (routes.ts); its list is the route of the same name. */
  id: PageId;
  /** The sidebar label and window title. */
  title: string;
  icon: ReactNode;
  /** Pages of a group are drawn together under its name in the sidebar. */
  group?: 'Swarm';
  /** A hook saying whether the sidebar shows the page now (it can always be opened by its address). */
  useShown?: () => boolean;
}

export const pages: PageDef[] = [
  { id: 'containers', title: 'Containers', icon: <ContainersIcon /> },
  { id: 'compose', title: 'Compose', icon: <ComposeIcon /> },
  { id: 'images', title: 'Images', icon: <ImagesIcon /> },
  { id: 'volumes', title: 'Volumes', icon: <VolumesIcon /> },
  { id: 'networks', title: 'Networks', icon: <NetworksIcon /> },
  { id: 'terminals', title: 'Terminals', icon: <TerminalIcon /> },
  { id: 'disk', title: 'Disk usage', icon: <DiskIcon /> },
  { id: 'registries', title: 'Registries', icon: <RegistriesIcon /> },
  { id: 'engines', title: 'Engines', icon: <EnginesIcon /> },
  { id: 'vm', title: 'Linux VM', icon: <VmIcon /> },
  { id: 'preferences', title: 'Preferences', icon: <PreferencesIcon /> },
  // Last in the list so their G-letters never move the pages above; the sidebar draws them as a group.
  { id: 'swarm', title: 'Swarm', icon: <SwarmIcon />, group: 'Swarm' },
  { id: 'services', title: 'Services', icon: <ServicesIcon />, group: 'Swarm', useShown: useIsManager },
  { id: 'nodes', title: 'Nodes', icon: <NodesIcon />, group: 'Swarm', useShown: useIsManager },
  { id: 'stacks', title: 'Stacks', icon: <StacksIcon />, group: 'Swarm', useShown: useIsManager },
  { id: 'secrets', title: 'Secrets and configs', icon: <SecretsIcon />, group: 'Swarm', useShown: useIsManager },
];

export const defaultPage = pages[0]!;

/** What each route shows; a route without a view is a type error here. */
const views: { [N in RouteName]: (params: RouteParams<N>) => ReactNode } = {
  containers: () => <ContainersPage />,
  container: ({ id, tab }) => <ContainerDetailsPage key={id} id={id} tab={tab} />,
  compose: () => <ComposePage />,
  composeProject: ({ name }) => <ProjectPage key={name} name={name} />,
  images: () => <ImagesPage />,
  imageBuild: () => <BuildPage />,
  image: ({ id }) => <ImageDetailPage key={id} id={id} />,
  volumes: () => <VolumesPage />,
  volume: ({ name }) => <VolumeDetailsPage key={name} name={name} />,
  networks: () => <NetworksPage />,
  network: ({ id }) => <NetworkDetailsPage key={id} id={id} />,
  terminals: () => <TerminalsPage />,
  disk: () => <DiskUsagePage />,
  registries: () => <RegistriesPage />,
  engines: () => <EnginesPage />,
  vm: () => <VmPage />,
  preferences: () => <PreferencesPage />,
  swarm: () => <SwarmPage />,
  services: () => <ServicesPage />,
  service: ({ id, tab }) => <ServiceDetailsPage key={id} id={id} tab={tab} />,
  nodes: () => <NodesPage />,
  stacks: () => <StacksPage />,
  secrets: () => <SecretsPage />,
};

export function renderRoute(route: Route): ReactNode {
  return (views[route.name] as (params: Route['params']) => ReactNode)(route.params);
}
