import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../engine/contract/container-details-types';
import { branchesTo, countMatches, idOf, jsonRows, pathText, valueAt } from '../../renderer/src/features/container-details/model/json-tree';
import { hasSecrets, isSecretName, MASK, maskEnvEntry, maskJson, maskValue } from '../../renderer/src/features/container-details/model/secrets';

describe('which values are secrets', () => {
  it('knows secrets by their names', () => {
    for (const name of ['POSTGRES_PASSWORD', 'DB_PASS', 'API_KEY', 'api-key', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'SSH_KEY', 'KEY', 'AUTH', 'BASIC_AUTH', 'SENTRY_DSN', 'private_key', 'JWT_SECRET']) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['PATH', 'HOME', 'MODE', 'KEYCLOAK_URL', 'MONKEY', 'AUTHOR', 'NODE_VERSION', 'PASSIVE'.slice(0, 3)]) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it('masks the password inside a URL and keeps the rest readable', () => {
    expect(maskValue('DATABASE_URL', 'postgres://app:hunter2@db:5432/app')).toBe(`postgres://app:${MASK}@db:5432/app`);
    expect(maskValue('URL', 'https://example.com/a:b@c')).toBe('https://example.com/a:b@c');
    expect(maskValue('MODE', 'production')).toBe('production');
    expect(maskValue('API_TOKEN', '')).toBe('');
  });

  it('masks env entries and says when a list has any', () => {
    expect(maskEnvEntry('API_TOKEN=abc=def')).toBe(`API_TOKEN=${MASK}`);
    expect(maskEnvEntry('MODE=prod')).toBe('MODE=prod');
    expect(maskEnvEntry('LONELY')).toBe('LONELY');
    expect(hasSecrets(['A=1', 'B=2'])).toBe(false);
    expect(hasSecrets(['A=1', 'DB_PASSWORD=x'])).toBe(true);
  });

  it('masks inspect data: Env entries, values under secret keys, URL passwords anywhere', () => {
    const inspect: JsonValue = {
      Id: 'abc',
      Config: { Env: ['MODE=prod', 'TOKEN=t0k3n'], Labels: { 'com.example.api-key': 'k', team: 'web' }, Cmd: ['run', 'redis://:pw@cache:6379'] },
      HostConfig: { Privileged: false, PublishAllPorts: true },
    };
    expect(maskJson(inspect)).toEqual({
      Id: 'abc',
      Config: { Env: ['MODE=prod', `TOKEN=${MASK}`], Labels: { 'com.example.api-key': MASK, team: 'web' }, Cmd: ['run', `redis://:${MASK}@cache:6379`] },
      HostConfig: { Privileged: false, PublishAllPorts: true },
    });
  });
});

describe('the Inspect tab’s JSON tree', () => {
  const doc: JsonValue = { Id: 'abc', State: { Status: 'running', Pid: 42 }, Config: { Env: ['MODE=prod', 'PATH=/bin'], Labels: { 'com.x.team': 'web' } }, Mounts: [] };

  it('shows the top level folded at first, and a branch’s children once unfolded', () => {
    const rows = jsonRows(doc, branchesTo(doc, 0));
    expect(rows.map((r) => [r.depth, r.key, r.kind, r.size ?? r.value])).toEqual([
      [0, null, 'object', 4],
      [1, 'Id', 'value', 'abc'],
      [1, 'State', 'object', 2],
      [1, 'Config', 'object', 2],
      [1, 'Mounts', 'array', 0],
    ]);
    const open = jsonRows(doc, new Set([idOf([]), idOf(['State'])]));
    expect(open.filter((r) => r.depth === 2).map((r) => `${r.key}=${r.value}`)).toEqual(['Status=running', 'Pid=42']);
  });

  it('while searching, shows only what matches and the branches that lead to it', () => {
    const rows = jsonRows(doc, new Set(), 'mode=');
    expect(rows.map((r) => r.path.join('.'))).toEqual(['', 'Config', 'Config.Env', 'Config.Env.0']);
    expect(rows.at(-1)).toMatchObject({ match: true, value: 'MODE=prod' });
    expect(countMatches(doc, 'mode=')).toBe(1);
  });

  it('matches keys as well as values, a matching branch folded until unfolded', () => {
    const rows = jsonRows(doc, new Set(), 'labels');
    expect(rows.map((r) => r.path.join('.'))).toEqual(['', 'Config', 'Config.Labels']);
    expect(rows.at(-1)).toMatchObject({ match: true, expanded: false });
    const unfolded = jsonRows(doc, new Set([idOf(['Config', 'Labels'])]), 'labels');
    expect(unfolded.at(-1)).toMatchObject({ key: 'com.x.team', value: 'web' });
    expect(unfolded.at(-1)?.match).toBeFalsy();
  });

  it('finds nothing when nothing matches', () => {
    expect(jsonRows(doc, new Set(), 'zzz')).toEqual([]);
    expect(countMatches(doc, '  ')).toBe(0);
  });

  it('unfolds everything on request, and names paths for copying', () => {
    expect(jsonRows(doc, branchesTo(doc, Infinity))).toHaveLength(12);
    expect(pathText(['Config', 'Labels', 'com.x.team'])).toBe('Config.Labels["com.x.team"]');
    expect(pathText(['Mounts', 0, 'Source'])).toBe('Mounts[0].Source');
    expect(valueAt(doc, ['State', 'Pid'])).toBe(42);
    expect(valueAt(doc, ['State', 'Nope', 'x'])).toBeUndefined();
  });
});
