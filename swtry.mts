import { startSwarm } from './test/harness/swarm';
const s = await startSwarm();
try {
  const r = await s.manager.request('POST', '/services/create', { Name: 'x', TaskTemplate: { ContainerSpec: { Image: 'berth-test/busybox:latest', Args: ['sleep', '600'] }, RestartPolicy: { Condition: 'any' }, Placement: { Preferences: [{ Spread: { SpreadDescriptor: 'node.id' } }] } }, Mode: { Replicated: { Replicas: 1 } }, EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: 18080, PublishMode: 'host', Protocol: 'tcp' }] } });
  await new Promise((r) => setTimeout(r, 3000));
  const svc = (await s.manager.request('GET', `/services/${r.json.ID}`)).json;
  const tasks = (await s.manager.request('GET', `/tasks`)).json;
  console.log(JSON.stringify(svc.Spec.TaskTemplate));
  console.log(JSON.stringify(tasks[0].Spec));
} finally { await s.stop(); }
