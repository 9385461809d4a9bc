/**
 * Values of `docker run` flags read as the docker CLI reads them (sizes, durations, numbers, `key=value`
 * pairs, comma-separated fields), so an option kept as written becomes the same create body the CLI sends.
 * Each reader throws an OptionValueError whose message says what the value should look like.
 */

export class OptionValueError extends Error {}

const fail = (message: string): never => {
  throw new OptionValueError(message);
};

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** `64m`, `1.5g`, `1024` → bytes, powers of 1024 (the CLI's RAMInBytes, which truncates). */
export function bytes(value: string): number {
  const m = /^(\d+(?:\.\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(value.trim());
  if (!m) return fail('a size such as 64m or 1g');
  const n = Math.trunc(Number(m[1]) * SIZE_UNITS[(m[2] ?? '').toLowerCase()]!);
  return Number.isSafeInteger(n) ? n : fail('a size the engine can hold');
}

/** A whole number as pflag reads it (`+5`, `-1`, `0x10`). */
export function integer(value: string, min = -(2 ** 53), max = 2 ** 53): number {
  const text = value.trim();
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text, 16) : NaN;
  if (!Number.isSafeInteger(n)) return fail('a whole number');
  if (n < min || n > max) return fail(`a whole number from ${min} to ${max}`);
  return n;
}

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's duration syntax (`1m30s`, `500ms`, `0`) → nanoseconds. */
export function duration(value: string): number {
  let text = value.trim();
  if (text === '0') return 0;
  const negative = text.startsWith('-');
  if (negative || text.startsWith('+')) text = text.slice(1);
  if (!text) return fail('a duration such as 30s, 1m30s or 500ms');
  let total = 0;
  const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (text) {
    const m = part.exec(text);
    if (!m) return fail('a duration such as 30s, 1m30s or 500ms');
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    text = text.slice(m[0].length);
  }
  return Math.round(negative ? -total : total);
}

/** pflag's booleans: a switch written bare is on; `=false`, `=0`, `=f` turn it off. */
export function switchValue(value: string): boolean {
  const text = value.trim();
  if (text === '' || /^(1|t|true)$/i.test(text)) return true;
  if (/^(0|f|false)$/i.test(text)) return false;
  return fail('true or false');
}

/** `key=value`; `key` alone when `allowBare`. */
export function keyValue(value: string, what = 'key=value', allowBare = false): [string, string] {
  const eq = value.indexOf('=');
  if (eq < 0) return allowBare && value ? [value, ''] : fail(what);
  if (eq === 0) return fail(what);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

/** One CSV record, as Go's encoding/csv reads `--mount` and `--gpus` (double quotes group commas). */
export function csvFields(value: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted) {
      if (c === '"' && value[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  if (quoted) fail('closed quotes');
  fields.push(field);
  return fields;
}

/** `8000`, `8000-8010`, with `/udp` or `/sctp` → every `port/proto` in it. */
export function portRange(value: string): string[] {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp|sctp))?$/i.exec(value.trim());
  if (!m) return fail('a port or range such as 8080, 8000-8010 or 53/udp');
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from > 65535 || to > 65535 || to < from) return fail('ports from 1 to 65535, the smaller first');
  const proto = (m[3] ?? 'tcp').toLowerCase();
  return Array.from({ length: to - from + 1 }, (_, k) => `${from + k}/${proto}`);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
export const isIPv4 = (text: string) => IPV4.test(text);
export const isIPv6 = (text: string) => /^[0-9a-f:.]+$/i.test(text) && text.includes(':') && (text.match(/::/g) ?? []).length <= 1;

export function ipAddress(value: string, version?: 4 | 6): string {
  const text = value.trim();
  if (version !== 6 && isIPv4(text)) return text;
  if (version !== 4 && isIPv6(text)) return text;
  return fail(version === 4 ? 'an IPv4 address such as 172.30.100.104' : version === 6 ? 'an IPv6 address such as 2001:db8::33' : 'an IP address');
}
