/** The contract of the Networks page: list, inspect, create, remove, connect and disconnect. */
import { z } from 'zod';
import { checkBridgeAddressing, parseIPv4 } from './cidr';
import { engineObjectId, method, none } from './define';
import type { NetworkAttachments, NetworkDetails, NetworkSummary } from './networks-types';

const BUILT_IN = ['bridge', 'host', 'none', 'default'];

export const newNetworkName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a network name is letters, digits, dots, dashes or underscores, starting with a letter or digit')
  .max(255)
  .refine((n) => !BUILT_IN.includes(n), 'bridge, host, none and default are the names of the engine’s own networks');

const optionalText = z.string().trim().max(64).optional();

export const createNetworkInput = z
  .object({
    name: newNetworkName,
    subnet: optionalText,
    gateway: optionalText,
    ipRange: optionalText,
    /** No route to the outside world: containers reach only each other. */
    internal: z.boolean().default(false),
    /** Containers started on their own (not only services) may join. */
    attachable: z.boolean().default(true),
    labels: z.record(z.string().trim().min(1).max(255), z.string().max(4096)).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    for (const [field, message] of Object.entries(checkBridgeAddressing(input))) ctx.addIssue({ code: 'custom', path: [field], message });
  });

const alias = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'an alias is a host name: letters, digits, dots, dashes or underscores').max(255);

export const networkMethods = {
  'networks.list': method<NetworkSummary[]>()(none),
  /** Which containers are on which network, and each container's network mode; container data. */
  'networks.attachments': method<NetworkAttachments>()(none),
  'networks.inspect': method<NetworkDetails>()(z.object({ id: engineObjectId }).strict()),
  'networks.create': method<NetworkSummary>()(createNetworkInput),
  /** Refused while running containers are on it, naming them. Answers the removed network's name. */
  'networks.remove': method<{ name: string }>()(z.object({ id: engineObjectId }).strict()),
  /** Answers the network as it is afterwards. */
  'networks.connect': method<NetworkDetails>()(
    z
      .object({
        network: engineObjectId,
        container: engineObjectId,
        aliases: z.array(alias).max(32).default([]),
        /** A fixed address; the network must have a subnet of its own that holds it. */
        ipv4: z
          .string()
          .trim()
          .max(64)
          .refine((a) => a === '' || parseIPv4(a) !== undefined, 'an IPv4 address such as 10.10.0.5')
          .optional(),
      })
      .strict(),
  ),
  'networks.disconnect': method<NetworkDetails>()(z.object({ network: engineObjectId, container: engineObjectId, force: z.boolean().default(false) }).strict()),
} as const;
