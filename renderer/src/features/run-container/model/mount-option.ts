/**
 * `--mount type=…,source=…,target=…` read as docker/cli's opts/mount.go reads it, into the Engine API's
 * mount object, and written back from one (for Duplicate and Recreate).
 */
import type { MountSpec } from '../../../../../engine/contract/run-types';
import { OptionValueError, bytes, csvFields, keyValue, switchValue } from './option-values';

const TYPES = new Set(['bind', 'volume', 'tmpfs', 'npipe', 'cluster']);

export function readMount(value: string): MountSpec {
  const mount: MountSpec = { Type: 'volume', Target: '' };
  // Made on first use, as the CLI does: a volume option gives the body an (empty) driver config too.
  const volume = () => (mount.VolumeOptions ??= { DriverConfig: {} });
  const bind = () => (mount.BindOptions ??= {});
  const tmpfs = () => (mount.TmpfsOptions ??= {});
  for (const field of csvFields(value)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const val = field.slice(eq + 1);
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro') mount.ReadOnly = true;
      else if (key === 'volume-nocopy') volume().NoCopy = true;
      else if (key === 'bind-nonrecursive') bind().NonRecursive = true;
      else throw new OptionValueError(`key=value fields (“${field}” has no value)`);
      continue;
    }
    switch (key) {
      case 'type':
        if (!TYPES.has(val.toLowerCase())) throw new OptionValueError('type=bind, volume or tmpfs');
        mount.Type = val.toLowerCase() as MountSpec['Type'];
        break;
      case 'source':
      case 'src':
        mount.Source = val;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        mount.Target = val;
        break;
      case 'readonly':
      case 'ro':
        mount.ReadOnly = switchValue(val);
        break;
      case 'consistency':
        mount.Consistency = val.toLowerCase();
        break;
      case 'bind-propagation':
        bind().Propagation = val.toLowerCase();
        break;
      case 'bind-nonrecursive':
        bind().NonRecursive = switchValue(val);
        break;
      case 'volume-subpath':
        volume().Subpath = val;
        break;
      case 'volume-nocopy':
        volume().NoCopy = switchValue(val);
        break;
      case 'volume-label': {
        const [k, v] = keyValue(val, 'volume-label=key=value', true);
        volume().Labels = { ...volume().Labels, [k]: v };
        break;
      }
      case 'volume-driver':
        volume().DriverConfig!.Name = val;
        break;
      case 'volume-opt': {
        const [k, v] = keyValue(val, 'volume-opt=key=value', true);
        const driver = volume().DriverConfig!;
        driver.Options = { ...driver.Options, [k]: v };
        break;
      }
      case 'tmpfs-size':
        tmpfs().SizeBytes = bytes(val);
        break;
      case 'tmpfs-mode':
        if (!/^[0-7]{1,4}$/.test(val)) throw new OptionValueError('tmpfs-mode in octal, such as 1770');
        tmpfs().Mode = Number.parseInt(val, 8);
        break;
      default:
        throw new OptionValueError(`the fields of a mount (“${key}” is not one)`);
    }
  }
  if (!mount.Target) throw new OptionValueError('a target, such as type=bind,source=/src,target=/app');
  if (mount.VolumeOptions && mount.Type !== 'volume') throw new OptionValueError(`volume-* fields with type=volume only`);
  if (mount.BindOptions && mount.Type !== 'bind') throw new OptionValueError(`bind-* fields with type=bind only`);
  if (mount.TmpfsOptions && mount.Type !== 'tmpfs') throw new OptionValueError(`tmpfs-* fields with type=tmpfs only`);
  return mount;
}

/** Quotes a CSV field when it holds a comma or a quote. */
const field = (text: string) => (/[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** The `--mount` value that reads back into `mount`. */
export function writeMount(mount: MountSpec): string {
  const parts = [`type=${mount.Type}`];
  if (mount.Source) parts.push(`source=${mount.Source}`);
  parts.push(`target=${mount.Target}`);
  if (mount.ReadOnly) parts.push('readonly');
  if (mount.Consistency) parts.push(`consistency=${mount.Consistency}`);
  const b = mount.BindOptions;
  if (b?.Propagation) parts.push(`bind-propagation=${b.Propagation}`);
  if (b?.NonRecursive) parts.push('bind-nonrecursive');
  const v = mount.VolumeOptions;
  if (v?.NoCopy) parts.push('volume-nocopy');
  if (v?.Subpath) parts.push(`volume-subpath=${v.Subpath}`);
  for (const [k, val] of Object.entries(v?.Labels ?? {})) parts.push(`volume-label=${k}=${val}`);
  if (v?.DriverConfig?.Name) parts.push(`volume-driver=${v.DriverConfig.Name}`);
  for (const [k, val] of Object.entries(v?.DriverConfig?.Options ?? {})) parts.push(`volume-opt=${k}=${val}`);
  // An empty options object still reaches the engine (and shows in inspect): keep it with a field that says nothing new.
  if (v && Object.keys(v).every((k) => k === 'DriverConfig') && !v.DriverConfig?.Name && !v.DriverConfig?.Options) parts.push('volume-nocopy=false');
  if (b && !b.Propagation && !b.NonRecursive) parts.push('bind-nonrecursive=false');
  const t = mount.TmpfsOptions;
  if (t?.SizeBytes) parts.push(`tmpfs-size=${t.SizeBytes}`);
  if (t?.Mode) parts.push(`tmpfs-mode=${t.Mode.toString(8)}`);
  if (t && !t.SizeBytes && !t.Mode) parts.push('tmpfs-size=0');
  return parts.map(field).join(',');
}
