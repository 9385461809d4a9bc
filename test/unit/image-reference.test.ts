import { describe, expect, it } from 'vitest';
import { familiarName, parseImageReference, referenceProblem, repositoryName, withDefaultTag } from '../../engine/contract/image-reference';

const parse = (text: string) => {
  const parsed = parseImageReference(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.reference;
};

describe('image references, checked the way the engine checks them', () => {
  it('reads names, tags, digests and registries', () => {
    expect(parse('nginx')).toEqual({ registry: 'docker.io', repository: 'library/nginx', tag: undefined, digest: undefined });
    expect(parse('nginx:1.27-alpine')).toMatchObject({ repository: 'library/nginx', tag: '1.27-alpine' });
    expect(parse('bitnami/redis')).toMatchObject({ registry: 'docker.io', repository: 'bitnami/redis' });
    expect(parse('ghcr.io/owner/app:v2')).toMatchObject({ registry: 'ghcr.io', repository: 'owner/app', tag: 'v2' });
    expect(parse('localhost:5000/app:dev')).toMatchObject({ registry: 'localhost:5000', repository: 'app', tag: 'dev' });
    expect(parse('localhost/app')).toMatchObject({ registry: 'localhost', repository: 'app' });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parse(`registry.example.com:8443/team/app@${digest}`)).toMatchObject({ registry: 'registry.example.com:8443', repository: 'team/app', digest });
    expect(parse(`app:1@${digest}`)).toMatchObject({ tag: '1', digest });
  });

  it('writes names the way people write them, with latest filled in as docker pull does', () => {
    expect(familiarName(withDefaultTag(parse('nginx')))).toBe('nginx:latest');
    expect(familiarName(withDefaultTag(parse('docker.io/library/nginx')))).toBe('nginx:latest');
    expect(familiarName(withDefaultTag(parse('localhost:5000/app')))).toBe('localhost:5000/app:latest');
    expect(repositoryName(parse('ghcr.io/owner/app:v2'))).toBe('ghcr.io/owner/app');
    expect(familiarName(withDefaultTag(parse(`app@sha256:${'b'.repeat(64)}`)))).toBe(`app@sha256:${'b'.repeat(64)}`);
  });

  it('says what is wrong in words', () => {
    expect(referenceProblem('')).toMatch(/Type an image name/);
    expect(referenceProblem('Nginx')).toBe('Image names are lowercase: write “nginx” rather than “Nginx”.');
    expect(referenceProblem('my app')).toBe('An image name has no spaces.');
    expect(referenceProblem('app:-bad')).toMatch(/“-bad” is not a valid tag/);
    expect(referenceProblem('app@sha256:123')).toMatch(/not a digest/);
    expect(referenceProblem('app//x')).toMatch(/empty part/);
    expect(referenceProblem('app_-x')).toMatch(/cannot be part of an image name/);
    expect(referenceProblem('host:port/app')).toMatch(/not a registry address/);
    expect(referenceProblem(`app@sha256:${'c'.repeat(64)}`, { allowDigest: false })).toMatch(/cannot include a digest/);
    expect(referenceProblem('a'.repeat(256))).toMatch(/at most 255/);
  });
});
