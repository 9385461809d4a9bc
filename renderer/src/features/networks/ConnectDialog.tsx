/** Connecting a container to a network, with extra names (aliases) and, if wanted, a fixed address. */
import { useState } from 'react';
import { checkHostAddress, parseSubnet, usableRange } from '../../../../engine/contract/cidr';
import type { Subnet } from '../../../../engine/contract/cidr';
import type { NetworkSummary } from '../../../../engine/contract/networks-types';
import { showToast } from '../../components/toasts/store';
import { Field, FormDialog } from '../../components/FormDialog';
import { useConnect, useNetworkAttachments } from './api';
import { useNetworksUi } from './store';

const ALIAS = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

interface Addressing {
  subnet: Subnet;
  gateway?: string;
}

function addressProblem(text: string, subnets: Addressing[]): string | undefined {
  const ip = text.trim();
  if (!ip || !subnets.length) return undefined;
  const problems = subnets.map((s) => checkHostAddress(s.subnet, ip, 'The address', s.gateway));
  return problems.every(Boolean) ? problems[0] : undefined;
}

export function ConnectDialog({ network }: { network: NetworkSummary }) {
  const close = useNetworksUi((s) => s.close);
  const containers = (useNetworkAttachments().data?.containers ?? []).filter((c) => c.mode === 'bridge' && !c.networks.includes(network.name));
  const connect = useConnect();
  const [container, setContainer] = useState('');
  const [aliases, setAliases] = useState('');
  const [ipv4, setIpv4] = useState('');
  const [tried, setTried] = useState(false);

  const subnets = network.subnets.flatMap((s): Addressing[] => {
    const subnet = parseSubnet(s.subnet);
    return typeof subnet === 'string' ? [] : [{ subnet, gateway: s.gateway || undefined }];
  });
  const aliasList = aliases.split(/[\s,]+/).filter(Boolean);
  const aliasProblem = aliasList.find((a) => !ALIAS.test(a)) ? 'Aliases are host names: letters, digits, dots, dashes or underscores, separated by spaces or commas.' : undefined;
  const ipProblem = addressProblem(ipv4, subnets);
  const containerProblem = container ? undefined : 'Choose the container to connect.';
  const chosen = containers.find((c) => c.containerId === container);

  const submit = () => {
    setTried(true);
    if (containerProblem || aliasProblem || ipProblem) return;
    connect.mutate(
      { network: network.id, container, aliases: aliasList, ipv4: ipv4.trim() || undefined },
      {
        onSuccess: () => {
          close();
          showToast({ tone: 'info', title: `Connected ${chosen?.containerName ?? 'the container'} to ${network.name}` });
        },
      },
    );
  };

  return (
    <FormDialog title={`Connect a container to ${network.name}`} submitLabel="Connect" busy={connect.isPending} testId="connect-dialog" onSubmit={submit} error={connect.error} onCancel={close}>
      <div className="field">
        <label className="field__label" htmlFor="connect-container">
          Container
        </label>
        <select id="connect-container" className="text-input field__input" value={container} onChange={(e) => setContainer(e.target.value)} aria-invalid={tried && containerProblem ? true : undefined}>
          <option value="">{containers.length ? 'Choose a container…' : 'No container can join (all are on it, or use host, none or another container’s network)'}</option>
          {containers.map((c) => (
            <option key={c.containerId} value={c.containerId}>
              {c.containerName} ({c.state})
            </option>
          ))}
        </select>
        {tried && containerProblem ? <div className="field__problem">{containerProblem}</div> : <div className="field__hint">Only bridge-mode containers can join more networks.</div>}
      </div>
      <Field label="Aliases" value={aliases} onChange={setAliases} mono placeholder="api db.internal" problem={aliasProblem} hint="Optional: more names other containers on this network can use for it." />
      <Field
        label="Fixed IPv4 address"
        value={ipv4}
        onChange={setIpv4}
        mono
        placeholder={subnets[0] ? usableRange(subnets[0].subnet, subnets[0].gateway).replace(/^from (\S+).*/, '$1') : '10.10.0.5'}
        problem={ipProblem}
        hint={subnets.length ? `Optional: ${subnets.map((s) => usableRange(s.subnet, s.gateway)).join(', or ')}. Needs a network created with its own subnet.` : 'Optional; needs a network created with its own subnet.'}
      />
    </FormDialog>
  );
}
