/**
 * Engine messages about networks and volumes that read like internals, rewritten into what the user can
 * do. engine-errors.ts applies these with its own.
 */
import type { ErrorCode } from '../contract/errors';

interface Rewrite {
  pattern: RegExp;
  say: (m: RegExpExecArray) => string;
  code: ErrorCode;
}

export const networkRewrites: Rewrite[] = [
  {
    pattern: /user specified IP address is supported only when connecting to networks with user configured subnets/,
    say: () => 'A fixed address needs a network created with a subnet of your own; this network’s addresses are picked by the engine. Connect without a fixed address, or create a network with a subnet.',
    code: 'invalid-input',
  },
  {
    pattern: /user specified IP address is supported on user defined networks only/,
    say: () => 'The default bridge network does not give out fixed addresses: connect the container to a network you created with a subnet.',
    code: 'invalid-input',
  },
  {
    pattern: /Address already in use|address already allocated|requested address is already in use/i,
    say: () => 'That address is already taken on this network: choose another one, or leave it empty to get a free one.',
    code: 'conflict',
  },
  {
    pattern: /endpoint with name (\S+) already exists in network (\S+)/,
    say: (m) => `${m[1]} is already on network ${m[2]}.`,
    code: 'conflict',
  },
  {
    pattern: /container sharing network namespace with another container or host cannot be connected to any other network/,
    say: () => 'This container uses the host’s or another container’s network (host or container mode), so it cannot join other networks.',
    code: 'invalid-input',
  },
  {
    pattern: /error looking up volume plugin (\S+): plugin "?[^"]*"? not found/,
    say: (m) => `The volume driver “${m[1]}” is not installed on the engine: install its plugin first, or use the local driver (its options can mount NFS or tmpfs).`,
    code: 'not-installed',
  },
  {
    pattern: /Pool overlaps with other one on this address space/,
    say: () => 'That subnet overlaps one another network already uses: choose a different range.',
    code: 'conflict',
  },
];
