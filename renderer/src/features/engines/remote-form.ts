/** The Add engine form's own checks (the backend checks again, and more: it connects). */

export type RemoteKind = 'ssh' | 'tls' | 'plain';

export interface RemoteForm {
  kind: RemoteKind;
  address: string;
  name: string;
  tls: { ca: string; cert: string; key: string };
  acceptPlain: boolean;
}

export type RemoteFormProblems = Partial<Record<'address' | 'name' | 'ca' | 'cert' | 'key' | 'acceptPlain', string>>;

const CONTEXT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$/;

/** A context name from the address: "ssh://me@build-box:2222" → "build-box". */
export function suggestName(address: string): string {
  const m = /^(?:ssh|tcp):\/\/(?:[^@/]*@)?\[?([A-Za-z0-9.:-]+?)\]?(?::\d+)?\/?$/.exec(address.trim());
  const host = m?.[1] ?? '';
  const name = host.replace(/[^a-zA-Z0-9_.+-]/g, '-').replace(/^[^a-zA-Z0-9]+/, '');
  return name === 'default' ? 'default-remote' : name.slice(0, 100);
}

function portProblem(address: string): string | undefined {
  const m = /:(\d+)\/?$/.exec(address);
  if (m && (Number(m[1]) < 1 || Number(m[1]) > 65535)) return `Port ${m[1]} is out of range: use a port from 1 to 65535.`;
  return undefined;
}

export function remoteFormProblems(form: RemoteForm): RemoteFormProblems {
  const problems: RemoteFormProblems = {};
  const address = form.address.trim();
  const scheme = form.kind === 'ssh' ? 'ssh://' : 'tcp://';
  if (!address) problems.address = form.kind === 'ssh' ? 'Type the address, e.g. ssh://user@build-box.' : 'Type the address, e.g. tcp://build-box:2376.';
  else if (/\s/.test(address)) problems.address = 'An address has no spaces in it.';
  else if (!address.startsWith(scheme)) problems.address = `This address starts with ${scheme}.`;
  else if (address.length <= scheme.length) problems.address = 'The address names no host.';
  else problems.address = portProblem(address);
  if (!problems.address) delete problems.address;

  const name = form.name.trim();
  if (!name) problems.name = 'Name the engine (letters, digits and . _ + -).';
  else if (name === 'default') problems.name = '“default” is the docker CLI’s own context: choose another name.';
  else if (!CONTEXT_NAME.test(name) || name.length > 100) problems.name = 'Use letters, digits and . _ + - only, starting with a letter or digit.';

  if (form.kind === 'tls') {
    if (!form.tls.ca.trim()) problems.ca = 'Choose the CA certificate (ca.pem).';
    if (!form.tls.cert.trim()) problems.cert = 'Choose the client certificate (cert.pem).';
    if (!form.tls.key.trim()) problems.key = 'Choose the client key (key.pem).';
  }
  if (form.kind === 'plain' && !form.acceptPlain) problems.acceptPlain = 'Confirm that you understand the risk, or use TLS or SSH.';
  return problems;
}
