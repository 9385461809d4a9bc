/**
 * Which values look like secrets, so the details page can hide them until asked: variables whose name
 * says so (PASSWORD, TOKEN, API_KEY, ...), and the password inside a URL (`postgres://user:pw@host`).
 */
import type { JsonValue } from '../../../../../engine/contract/container-details-types';

const SECRET_NAME = /pass(word|wd|phrase)?|pwd|secret|token|credential|private|salt|authorization|(^|[_.-])auth($|[_.-])|(^|[_.-])(api|access|auth|client|signing|encryption|session|master|license)?[_.-]?key($|[_.-])|dsn$/i;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s@/]+)(@)/gi;

export const MASK = '••••••••';

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The value with what looks secret replaced by dots; the same value when nothing does. */
export function maskValue(name: string, value: string): string {
  if (!value) return value;
  if (isSecretName(name)) return MASK;
  return value.replace(URL_PASSWORD, `$1${MASK}$3`);
}

/** `KEY=value` with its value masked as above. */
export function maskEnvEntry(entry: string): string {
  const eq = entry.indexOf('=');
  if (eq < 0) return entry;
  return `${entry.slice(0, eq + 1)}${maskValue(entry.slice(0, eq), entry.slice(eq + 1))}`;
}

/** Whether anything in these `KEY=value` entries would be masked. */
export function hasSecrets(entries: string[]): boolean {
  return entries.some((e) => maskEnvEntry(e) !== e);
}

/**
 * A copy of inspect data with secrets masked: `Env` entries as above, string values under a key that
 * names a secret, and passwords inside URLs anywhere.
 */
export function maskJson(value: JsonValue, key: string | number | null = null): JsonValue {
  if (Array.isArray(value)) {
    if (key === 'Env') return value.map((v) => (typeof v === 'string' ? maskEnvEntry(v) : maskJson(v)));
    return value.map((v, i) => maskJson(v, i));
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskJson(v, k)]));
  if (typeof value === 'string') return typeof key === 'string' ? maskValue(key, value) : maskValue('', value);
  return value;
}
