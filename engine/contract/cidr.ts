/**
 * IPv4 addressing of a bridge network, checked in words before the engine sees it. Pure (no Node, no DOM):
 * the network form runs it as the user types and the contract runs it again at the boundary, so both say
 * the same sentence. The engine's own messages ("invalid CIDR address: 10.0.0.0/33", "Requested address is
 * out of range") name the problem but not the fix; these say what to type instead.
 */

export interface Subnet {
  /** The network address as a 32-bit number. */
  base: number;
  prefix: number;
}

export interface BridgeAddressing {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
}

/** One sentence per field that is wrong; an empty object when all is well. */
export type AddressingProblems = Partial<Record<keyof BridgeAddressing, string>>;

const EXAMPLE_SUBNET = '10.10.0.0/24';

/** "10.1.2.3" as a number, or undefined when it is not a dotted IPv4 address. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function size(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * A subnet (or an IP range, `what`) written as "a.b.c.d/n", or a sentence saying what is wrong with it.
 * A range may be as small as one address (/32); a subnet needs room for a gateway and a container (/30).
 */
export function parseSubnet(text: string, what: 'subnet' | 'IP range' = 'subnet'): Subnet | string {
  const trimmed = text.trim();
  const longest = what === 'subnet' ? 30 : 32;
  const [address = '', prefixText, ...rest] = trimmed.split('/');
  if (prefixText === undefined || rest.length) {
    return `“${trimmed}” is not ${what === 'subnet' ? 'a subnet' : 'an IP range'}: write an address, a slash and the prefix length, for example ${EXAMPLE_SUBNET}.`;
  }
  const base = parseIPv4(address);
  if (base === undefined) {
    return `“${address}” is not an IPv4 address: write four numbers from 0 to 255 separated by dots, for example ${EXAMPLE_SUBNET}.`;
  }
  if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) {
    return `The prefix length “/${prefixText}” must be a number from 8 to ${longest}, for example ${EXAMPLE_SUBNET}.`;
  }
  const prefix = Number(prefixText);
  if (prefix < 8) return `/${prefix} is a huge range (${size(prefix).toLocaleString('en')} addresses): use /8 or longer, for example ${EXAMPLE_SUBNET}.`;
  if (prefix > longest) return `A /${prefix} subnet has no room for containers: use /30 or shorter, for example /24.`;
  const networkAddress = base - (base % size(prefix));
  if (networkAddress !== base) {
    return `${trimmed} is an address inside ${what === 'subnet' ? 'a subnet, not the subnet' : 'a range, not the range'} itself: did you mean ${formatIPv4(networkAddress)}/${prefix}?`;
  }
  return { base, prefix };
}

export function formatSubnet(subnet: Subnet): string {
  return `${formatIPv4(subnet.base)}/${subnet.prefix}`;
}

export function contains(subnet: Subnet, address: number): boolean {
  return address >= subnet.base && address < subnet.base + size(subnet.prefix);
}

/** Whether two subnets share any address. */
export function overlaps(a: Subnet, b: Subnet): boolean {
  return contains(a, b.base) || contains(b, a.base);
}

/** "from 10.0.0.1 to 10.0.0.254": the addresses a container or gateway may take. */
/**
 * The addresses a container may take, in words. The gateway (`gateway`, when the network has one) is
 * taken by the network itself, so it is left out: the engine refuses it as already in use.
 */
export function usableRange(subnet: Subnet, gateway?: string): string {
  let first = subnet.base + 1;
  let last = subnet.base + size(subnet.prefix) - 2;
  const taken = gateway === undefined ? undefined : parseIPv4(gateway);
  if (taken === first && first < last) first++;
  else if (taken === last && first < last) last--;
  const except = taken !== undefined && taken > first && taken < last ? `, except ${formatIPv4(taken)} (the gateway)` : '';
  return `from ${formatIPv4(first)} to ${formatIPv4(last)}${except}`;
}

/**
 * Checks one address a container or gateway would take in the subnet; undefined when it is fine. For a
 * container's address, `gateway` is the network's gateway, which the container may not take.
 */
export function checkHostAddress(subnet: Subnet, text: string, what: string, gateway?: string): string | undefined {
  const address = parseIPv4(text);
  const range = usableRange(subnet, gateway);
  if (address === undefined) return `${what} “${text.trim()}” is not an IPv4 address: choose one ${range}.`;
  if (!contains(subnet, address)) return `${what} ${text.trim()} is outside the subnet ${formatSubnet(subnet)}: choose an address ${range}.`;
  if (address === subnet.base) return `${text.trim()} is the subnet’s own network address: choose an address ${range}.`;
  if (address === subnet.base + size(subnet.prefix) - 1) return `${text.trim()} is the subnet’s broadcast address: choose an address ${range}.`;
  if (gateway !== undefined && address === parseIPv4(gateway)) return `${text.trim()} is the network’s gateway, which the network itself uses: choose an address ${range}.`;
  return undefined;
}

/**
 * Checks the addressing of a new bridge network: all fields are optional (the engine picks a free subnet),
 * but a gateway or an IP range needs the subnet it belongs to, and must lie inside it.
 */
export function checkBridgeAddressing(input: BridgeAddressing): AddressingProblems {
  const problems: AddressingProblems = {};
  const subnetText = input.subnet?.trim() ?? '';
  const gatewayText = input.gateway?.trim() ?? '';
  const rangeText = input.ipRange?.trim() ?? '';
  if (!subnetText) {
    if (gatewayText) problems.gateway = 'A gateway needs a subnet: enter the subnet it belongs to, or leave the gateway empty.';
    if (rangeText) problems.ipRange = 'An IP range needs a subnet: enter the subnet it is part of, or leave the range empty.';
    return problems;
  }
  const subnet = parseSubnet(subnetText);
  if (typeof subnet === 'string') {
    problems.subnet = subnet;
    return problems;
  }
  if (gatewayText) {
    const problem = checkHostAddress(subnet, gatewayText, 'The gateway');
    if (problem) problems.gateway = problem;
  }
  if (rangeText) {
    const range = parseSubnet(rangeText, 'IP range');
    if (typeof range === 'string') problems.ipRange = range;
    else if (range.prefix < subnet.prefix || !contains(subnet, range.base)) {
      problems.ipRange = `The IP range ${rangeText} is not inside the subnet ${formatSubnet(subnet)}: use a part of it, for example ${formatSubnet({ base: subnet.base + size(subnet.prefix) / 2, prefix: Math.min(subnet.prefix + 1, 30) })}.`;
    }
  }
  return problems;
}
