/** Creating a bridge network, with its addressing checked in words as it is typed. */
import { useState } from 'react';
import { checkBridgeAddressing, formatSubnet, overlaps, parseSubnet } from '../../../../engine/contract/cidr';
import { Field, FormDialog } from '../../components/FormDialog';
import { KeyValueField, parseKeyValues } from '../../components/KeyValueField';
import { useCreateNetwork, useNetworks } from './api';
import { useNetworksUi } from './store';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function CreateNetworkDialog() {
  const close = useNetworksUi((s) => s.close);
  const existing = useNetworks().data ?? [];
  const create = useCreateNetwork();
  const [name, setName] = useState('');
  const [subnet, setSubnet] = useState('');
  const [gateway, setGateway] = useState('');
  const [ipRange, setIpRange] = useState('');
  const [internal, setInternal] = useState(false);
  const [attachable, setAttachable] = useState(true);
  const [labels, setLabels] = useState('');
  const [tried, setTried] = useState(false);

  const n = name.trim();
  const nameProblem = !n
    ? 'Give the network a name.'
    : !NAME.test(n)
      ? 'Use letters, digits, dots, dashes or underscores, starting with a letter or digit.'
      : ['bridge', 'host', 'none', 'default'].includes(n)
        ? `${n} is the name of one of the engine’s own networks.`
        : existing.some((e) => e.name === n)
          ? `A network named “${n}” already exists.`
          : undefined;
  const addressing = checkBridgeAddressing({ subnet, gateway, ipRange });
  const parsed = subnet.trim() && !addressing.subnet ? parseSubnet(subnet) : undefined;
  const clash = parsed && typeof parsed !== 'string' ? existing.flatMap((e) => e.subnets.map((s) => ({ e, s }))).find(({ s }) => {
    const theirs = parseSubnet(s.subnet);
    return typeof theirs !== 'string' && overlaps(parsed, theirs);
  }) : undefined;
  const subnetProblem = addressing.subnet ?? (clash && parsed && typeof parsed !== 'string' ? `${formatSubnet(parsed)} overlaps network ${clash.e.name} (${clash.s.subnet}): choose a range no other network uses.` : undefined);
  const parsedLabels = parseKeyValues(labels);
  const blocked = Boolean(nameProblem || subnetProblem || addressing.gateway || addressing.ipRange || parsedLabels.problem);
  const show = (problem: string | undefined, value: string) => (tried || value.trim() ? problem : undefined);

  const submit = () => {
    setTried(true);
    if (blocked) return;
    create.mutate(
      { name: n, subnet: subnet.trim() || undefined, gateway: gateway.trim() || undefined, ipRange: ipRange.trim() || undefined, internal, attachable, labels: parsedLabels.values },
      { onSuccess: close },
    );
  };

  return (
    <FormDialog title="Create a network" submitLabel="Create" busy={create.isPending} wide testId="create-network-dialog" onSubmit={submit} error={create.error} onCancel={close}>
      <Field label="Name" value={name} onChange={setName} mono placeholder="app-net" problem={show(nameProblem, name)} hint="Containers on it find each other by name." />
      <div className="field-row">
        <Field label="Subnet" value={subnet} onChange={setSubnet} mono placeholder="10.10.0.0/24" problem={show(subnetProblem, subnet)} hint="Optional: empty lets the engine pick a free one. Needed for fixed addresses." />
      </div>
      <div className="field-row">
        <Field label="Gateway" value={gateway} onChange={setGateway} mono placeholder="10.10.0.1" problem={show(addressing.gateway, gateway)} hint="Optional: the first address by default." />
        <Field label="IP range" value={ipRange} onChange={setIpRange} mono placeholder="10.10.0.128/25" problem={show(addressing.ipRange, ipRange)} hint="Optional: the part of the subnet the engine hands out." />
      </div>
      <fieldset className="choice-group">
        <legend className="visually-hidden">Options</legend>
        <label className="choice">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
          <span>
            Internal
            <span className="choice__hint">No route to the outside world: containers reach only each other.</span>
          </span>
        </label>
        <label className="choice">
          <input type="checkbox" checked={attachable} onChange={(e) => setAttachable(e.target.checked)} />
          <span>
            Attachable
            <span className="choice__hint">Containers started on their own may join (matters for swarm services; harmless otherwise).</span>
          </span>
        </label>
      </fieldset>
      <KeyValueField label="Labels" value={labels} onChange={setLabels} placeholder="team=data" hint="Optional, one key=value per line." problem={parsedLabels.problem} />
    </FormDialog>
  );
}
