import { describe, expect, it } from 'vitest';
import { checkBridgeAddressing, checkHostAddress, overlaps, parseIPv4, parseSubnet, usableRange } from '../../engine/contract/cidr';

const subnet = (text: string) => {
  const parsed = parseSubnet(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

describe('reading IPv4 addresses and subnets', () => {
  it('reads dotted addresses and refuses anything else', () => {
    expect(parseIPv4('10.0.0.1')).toBe(0x0a000001);
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['10.0.0', '10.0.0.256', '10.0.0.-1', '10.0.0.1.5', 'a.b.c.d', '', '10..0.1', '1e1.0.0.1']) expect(parseIPv4(bad)).toBeUndefined();
  });

  it('reads a subnet written as address/prefix', () => {
    expect(subnet('10.10.0.0/24')).toEqual({ base: 0x0a0a0000, prefix: 24 });
    expect(subnet(' 172.20.0.0/16 ')).toEqual({ base: 0xac140000, prefix: 16 });
  });

  it('says what to write when the slash or prefix is missing or wrong', () => {
    expect(parseSubnet('10.0.0.0')).toMatch(/write an address, a slash and the prefix length, for example 10\.10\.0\.0\/24/);
    expect(parseSubnet('10.0.0.0/33')).toMatch(/prefix length “\/33” must be a number from 8 to 30/);
    expect(parseSubnet('10.0.0.0/x')).toMatch(/prefix length/);
    expect(parseSubnet('300.0.0.0/24')).toMatch(/“300\.0\.0\.0” is not an IPv4 address/);
  });

  it('refuses subnets too large or too small to be useful', () => {
    expect(parseSubnet('10.0.0.0/4')).toMatch(/huge range/);
    expect(parseSubnet('10.0.0.0/31')).toMatch(/no room for containers/);
  });

  it('suggests the network address when host bits are set', () => {
    expect(parseSubnet('10.0.0.1/24')).toBe('10.0.0.1/24 is an address inside a subnet, not the subnet itself: did you mean 10.0.0.0/24?');
  });

  it('tells overlapping subnets apart from separate ones', () => {
    expect(overlaps(subnet('10.77.0.0/16'), subnet('10.77.3.0/24'))).toBe(true);
    expect(overlaps(subnet('10.77.3.0/24'), subnet('10.77.0.0/16'))).toBe(true);
    expect(overlaps(subnet('10.77.0.0/24'), subnet('10.77.1.0/24'))).toBe(false);
  });
});

describe('the addressing of a new bridge network', () => {
  it('is fine when empty: the engine picks a free subnet', () => {
    expect(checkBridgeAddressing({})).toEqual({});
    expect(checkBridgeAddressing({ subnet: ' ', gateway: '', ipRange: '' })).toEqual({});
  });

  it('accepts a subnet with a gateway and an IP range inside it', () => {
    expect(checkBridgeAddressing({ subnet: '10.78.0.0/24', gateway: '10.78.0.1', ipRange: '10.78.0.128/25' })).toEqual({});
    expect(checkBridgeAddressing({ subnet: '10.78.0.0/24', ipRange: '10.78.0.7/32' })).toEqual({});
  });

  it('needs a subnet for a gateway or a range', () => {
    expect(checkBridgeAddressing({ gateway: '10.0.0.1', ipRange: '10.0.0.0/25' })).toEqual({
      gateway: 'A gateway needs a subnet: enter the subnet it belongs to, or leave the gateway empty.',
      ipRange: 'An IP range needs a subnet: enter the subnet it is part of, or leave the range empty.',
    });
  });

  it('refuses a gateway outside the subnet and says which addresses are allowed', () => {
    expect(checkBridgeAddressing({ subnet: '10.0.0.0/24', gateway: '10.0.1.1' })).toEqual({
      gateway: 'The gateway 10.0.1.1 is outside the subnet 10.0.0.0/24: choose an address from 10.0.0.1 to 10.0.0.254.',
    });
  });

  it('refuses the network and broadcast addresses as a gateway', () => {
    expect(checkBridgeAddressing({ subnet: '10.0.0.0/24', gateway: '10.0.0.0' }).gateway).toMatch(/network address/);
    expect(checkBridgeAddressing({ subnet: '10.0.0.0/24', gateway: '10.0.0.255' }).gateway).toMatch(/broadcast address/);
  });

  it('refuses a range outside the subnet or larger than it', () => {
    expect(checkBridgeAddressing({ subnet: '10.0.0.0/24', ipRange: '10.0.1.0/25' }).ipRange).toBe(
      'The IP range 10.0.1.0/25 is not inside the subnet 10.0.0.0/24: use a part of it, for example 10.0.0.128/25.',
    );
    expect(checkBridgeAddressing({ subnet: '10.0.0.0/24', ipRange: '10.0.0.0/16' }).ipRange).toMatch(/not inside the subnet/);
    expect(checkBridgeAddressing({ subnet: '10.0.0.0/24', ipRange: '10.0.0.5/25' }).ipRange).toMatch(/did you mean 10\.0\.0\.0\/25/);
  });

  it('reports only the subnet when the subnet itself is wrong', () => {
    expect(checkBridgeAddressing({ subnet: '10.0.0.0/33', gateway: '10.0.0.1' })).toEqual({ subnet: expect.stringMatching(/prefix length/) });
  });
});

describe('a fixed address for a container', () => {
  it('must lie inside the network’s subnet', () => {
    expect(checkHostAddress(subnet('10.77.0.0/24'), '10.77.0.9', 'The address')).toBeUndefined();
    expect(checkHostAddress(subnet('10.77.0.0/24'), '10.9.9.9', 'The address')).toBe(
      'The address 10.9.9.9 is outside the subnet 10.77.0.0/24: choose an address from 10.77.0.1 to 10.77.0.254.',
    );
    expect(checkHostAddress(subnet('10.77.0.0/24'), 'ten', 'The address')).toMatch(/not an IPv4 address/);
  });

  it('leaves the gateway out of the addresses a container may take, and says so when one is typed', () => {
    const net = subnet('10.77.0.0/24');
    expect(usableRange(net, '10.77.0.1')).toBe('from 10.77.0.2 to 10.77.0.254');
    expect(usableRange(net, '10.77.0.254')).toBe('from 10.77.0.1 to 10.77.0.253');
    expect(usableRange(net, '10.77.0.9')).toBe('from 10.77.0.1 to 10.77.0.254, except 10.77.0.9 (the gateway)');
    expect(checkHostAddress(net, '10.77.0.1', 'The address', '10.77.0.1')).toBe(
      '10.77.0.1 is the network’s gateway, which the network itself uses: choose an address from 10.77.0.2 to 10.77.0.254.',
    );
  });
});
