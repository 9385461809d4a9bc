/**
 * Creating a service, or changing any field of one: the Run form's common fields (image, command,
 * environment, ports, mounts, labels) plus replicas or global, placement, update and rollback settings,
 * resources, secrets, configs and networks. Lists are typed one item a line and checked as typed.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ServiceForm, UpdatePolicy } from '../../../../engine/contract/swarm-types';
import { Field, FormDialog } from '../../components/FormDialog';
import { joinShellWords, splitShellWords } from '../run-container/model/shell-words';
import { formatKeyValues, KeyValueField, parseKeyValues } from '../../components/KeyValueField';
import { useSwarmAction } from './api';
import type { Parsed } from './service-form-text';
import { linesOf, memoryText, mountsText, parseCpus, parseMemory, parseMounts, parsePorts, parseReferences, portsText, referencesText } from './service-form-text';

function Lines({ label, value, onChange, hint, problem, placeholder }: { label: string; value: string; onChange(v: string): void; hint: string; problem?: string; placeholder?: string }) {
  return <KeyValueField label={label} value={value} onChange={onChange} hint={hint} problem={problem} placeholder={placeholder} rows={2} />;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="choice-group">
      <legend className="field__label">{title}</legend>
      {children}
    </fieldset>
  );
}

function PolicyFields({ what, value, onChange }: { what: string; value: UpdatePolicy; onChange(p: UpdatePolicy): void }) {
  return (
    <div className="field-row">
      <Field label={`${what}: tasks at a time`} value={String(value.parallelism)} onChange={(v) => onChange({ ...value, parallelism: Math.max(0, Number(v) || 0) })} mono />
      <Field label="Delay between (s)" value={String(value.delaySeconds)} onChange={(v) => onChange({ ...value, delaySeconds: Math.max(0, Number(v) || 0) })} mono />
      <label className="field">
        <span className="field__label">If a task fails</span>
        <select className="text-input" value={value.failureAction} onChange={(e) => onChange({ ...value, failureAction: e.target.value as UpdatePolicy['failureAction'] })}>
          <option value="pause">pause</option>
          <option value="continue">continue</option>
          <option value="rollback">roll back</option>
        </select>
      </label>
      <label className="field">
        <span className="field__label">Order</span>
        <select className="text-input" value={value.order} onChange={(e) => onChange({ ...value, order: e.target.value as UpdatePolicy['order'] })}>
          <option value="stop-first">stop old, then start new</option>
          <option value="start-first">start new, then stop old</option>
        </select>
      </label>
    </div>
  );
}

const problemOf = (...parsed: Parsed<unknown>[]) => parsed.find((p) => p.problem)?.problem;

export function ServiceDialog({ initial, editing, onClose }: { initial: ServiceForm; editing?: string; onClose(): void }) {
  const create = useSwarmAction('services.create');
  const update = useSwarmAction('services.update');
  const action = editing ? update : create;
  const [f, setF] = useState(initial);
  const set = (patch: Partial<ServiceForm>) => setF((x) => ({ ...x, ...patch }));
  const [command, setCommand] = useState(joinShellWords(initial.command));
  const [entrypoint, setEntrypoint] = useState(joinShellWords(initial.entrypoint));
  const [env, setEnv] = useState(initial.env.join('\n'));
  const [labels, setLabels] = useState(formatKeyValues(initial.labels));
  const [ports, setPorts] = useState(portsText(initial.ports));
  const [mounts, setMounts] = useState(mountsText(initial.mounts));
  const [constraints, setConstraints] = useState(initial.constraints.join('\n'));
  const [preferences, setPreferences] = useState(initial.preferences.join('\n'));
  const [networks, setNetworks] = useState(initial.networks.join('\n'));
  const [secrets, setSecrets] = useState(referencesText(initial.secrets));
  const [configs, setConfigs] = useState(referencesText(initial.configs));
  const [cpuLimit, setCpuLimit] = useState(initial.cpuLimit ? String(initial.cpuLimit) : '');
  const [memLimit, setMemLimit] = useState(memoryText(initial.memoryLimitBytes));
  const [cpuRes, setCpuRes] = useState(initial.cpuReservation ? String(initial.cpuReservation) : '');
  const [memRes, setMemRes] = useState(memoryText(initial.memoryReservationBytes));

  const parsed = {
    ports: parsePorts(ports),
    mounts: parseMounts(mounts),
    secrets: parseReferences(secrets, 'secret'),
    configs: parseReferences(configs, 'config'),
    cpuLimit: parseCpus(cpuLimit),
    cpuRes: parseCpus(cpuRes),
    memLimit: parseMemory(memLimit),
    memRes: parseMemory(memRes),
  };
  const labelValues = parseKeyValues(labels);
  const commandWords = splitShellWords(command);
  const entrypointWords = splitShellWords(entrypoint);
  const envProblem = linesOf(env).find((l) => !/^[^=]+=/.test(l));
  const constraintProblem = linesOf(constraints).find((l) => !/^[\w.-]+\s*(==|!=)\s*\S/.test(l));
  const preferenceProblem = linesOf(preferences).find((l) => !/^spread=\S+$/.test(l));
  const nameProblem = !f.name.trim() ? 'Give the service a name.' : !/^[a-zA-Z0-9](?:[a-zA-Z0-9-_]*[a-zA-Z0-9])?$/.test(f.name.trim()) ? 'Letters, digits, dashes and underscores, starting and ending with a letter or digit.' : undefined;
  const blocked = Boolean(
    nameProblem ||
      !f.image.trim() ||
      problemOf(...Object.values(parsed)) ||
      labelValues.problem ||
      envProblem ||
      constraintProblem ||
      preferenceProblem ||
      commandWords.unclosedQuote ||
      entrypointWords.unclosedQuote,
  );

  const submit = () => {
    if (blocked) return;
    const form: ServiceForm = {
      ...f,
      name: f.name.trim(),
      image: f.image.trim(),
      command: commandWords.words,
      entrypoint: entrypointWords.words,
      env: linesOf(env),
      labels: labelValues.values ?? {},
      ports: parsed.ports.value ?? [],
      mounts: parsed.mounts.value ?? [],
      constraints: linesOf(constraints),
      preferences: linesOf(preferences),
      networks: linesOf(networks),
      secrets: parsed.secrets.value ?? [],
      configs: parsed.configs.value ?? [],
      cpuLimit: parsed.cpuLimit.value ?? 0,
      cpuReservation: parsed.cpuRes.value ?? 0,
      memoryLimitBytes: parsed.memLimit.value ?? 0,
      memoryReservationBytes: parsed.memRes.value ?? 0,
    };
    if (editing) update.mutate({ id: editing, form }, { onSuccess: onClose });
    else create.mutate({ form }, { onSuccess: onClose });
  };

  return (
    <FormDialog title={editing ? `Change ${initial.name}` : 'Create a service'} submitLabel={editing ? 'Update' : 'Create'} busy={action.isPending} blocked={blocked} wide testId="service-dialog" onSubmit={submit} error={action.error} onCancel={onClose}>
      <div className="field-row">
        {editing ? (
          <div className="field">
            <span className="field__label">Name</span>
            <strong>{f.name}</strong>
          </div>
        ) : (
          <Field label="Name" value={f.name} onChange={(name) => set({ name })} mono placeholder="web" problem={f.name ? nameProblem : undefined} />
        )}
        <Field label="Image" value={f.image} onChange={(image) => set({ image })} mono placeholder="nginx:1.27" hint="Every node pulls it (or must have it)." />
      </div>
      <div className="field-row">
        <label className="field">
          <span className="field__label">Mode</span>
          <select className="text-input" value={f.mode} onChange={(e) => set({ mode: e.target.value as ServiceForm['mode'] })}>
            <option value="replicated">Replicated: a number of tasks</option>
            <option value="global">Global: one task on every eligible node</option>
          </select>
        </label>
        {f.mode === 'replicated' && <Field label="Replicas" value={String(f.replicas)} onChange={(v) => set({ replicas: Math.max(0, Math.floor(Number(v) || 0)) })} mono />}
        <label className="field">
          <span className="field__label">Restart</span>
          <select className="text-input" value={f.restartCondition} onChange={(e) => set({ restartCondition: e.target.value as ServiceForm['restartCondition'] })}>
            <option value="any">always</option>
            <option value="on-failure">on failure</option>
            <option value="none">never</option>
          </select>
        </label>
      </div>
      <div className="field-row">
        <Field label="Command" value={command} onChange={setCommand} mono placeholder="the image’s own" problem={commandWords.unclosedQuote ? 'A quote is left open.' : undefined} />
        <Field label="Entrypoint" value={entrypoint} onChange={setEntrypoint} mono placeholder="the image’s own" problem={entrypointWords.unclosedQuote ? 'A quote is left open.' : undefined} />
      </div>
      <div className="field-row">
        <Field label="Working folder" value={f.workdir} onChange={(workdir) => set({ workdir })} mono placeholder="/app" />
        <Field label="User" value={f.user} onChange={(user) => set({ user })} mono placeholder="1000:1000" />
      </div>
      <Lines label="Environment" value={env} onChange={setEnv} placeholder="KEY=value" hint="One KEY=value a line. {{.Node.Hostname}} and {{.Task.Slot}} are filled in per task." problem={envProblem && `“${envProblem}” is not KEY=value.`} />
      <Lines label="Published ports" value={ports} onChange={setPorts} placeholder="8080:80/tcp" hint="published:target/protocol, one a line; add “host” to publish on the task’s node only (no routing mesh)." problem={parsed.ports.problem} />
      <Lines label="Mounts" value={mounts} onChange={setMounts} placeholder="volume data:/var/lib/data" hint="type source:/path, one a line: volume, bind (a folder on every node) or tmpfs; add “ro” for read-only." problem={parsed.mounts.problem} />
      <Lines label="Networks" value={networks} onChange={setNetworks} placeholder="backend" hint="Overlay networks, one a line." />
      <Section title="Placement">
        <Lines label="Constraints" value={constraints} onChange={setConstraints} placeholder="node.role==worker" hint="One a line: node.role, node.hostname, node.labels.KEY with == or !=." problem={constraintProblem && `“${constraintProblem}” is not a constraint like node.labels.zone==eu-1.`} />
        <Lines label="Preferences" value={preferences} onChange={setPreferences} placeholder="spread=node.labels.zone" hint="Spread tasks evenly over the values of a label." problem={preferenceProblem && `“${preferenceProblem}” is not spread=node.labels.KEY.`} />
      </Section>
      <Section title="Resources">
        <div className="field-row">
          <Field label="CPU limit" value={cpuLimit} onChange={setCpuLimit} mono placeholder="none" problem={parsed.cpuLimit.problem} />
          <Field label="Memory limit" value={memLimit} onChange={setMemLimit} mono placeholder="none" problem={parsed.memLimit.problem} />
          <Field label="CPU reserved" value={cpuRes} onChange={setCpuRes} mono placeholder="none" problem={parsed.cpuRes.problem} />
          <Field label="Memory reserved" value={memRes} onChange={setMemRes} mono placeholder="none" problem={parsed.memRes.problem} />
        </div>
      </Section>
      <Section title="Secrets and configs">
        <Lines label="Secrets" value={secrets} onChange={setSecrets} placeholder="db-password" hint="name or name:file, one a line; mounted at /run/secrets/<file>." problem={parsed.secrets.problem} />
        <Lines label="Configs" value={configs} onChange={setConfigs} placeholder="app-conf:/etc/app.conf" hint="name or name:/path/in/container, one a line." problem={parsed.configs.problem} />
      </Section>
      <Section title="Rolling updates and rollbacks">
        <PolicyFields what="Update" value={f.update} onChange={(update) => set({ update })} />
        <PolicyFields what="Rollback" value={f.rollback} onChange={(rollback) => set({ rollback })} />
      </Section>
      <KeyValueField label="Labels" value={labels} onChange={setLabels} placeholder="team=data" hint="Labels of the service, one key=value a line." problem={labelValues.problem} />
    </FormDialog>
  );
}
