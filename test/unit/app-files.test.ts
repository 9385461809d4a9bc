import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, appFilePath, contentType, isAppUrl, isExternalWebUrl } from '../../electron/app-files';

const root = path.resolve('/berth/dist/renderer');

describe('the app origin berth://app/', () => {
  it('accepts the app’s own pages, whatever the route or hash', () => {
    expect(isAppUrl('berth://app/')).toBe(true);
    expect(isAppUrl('berth://app/index.html#/containers')).toBe(true);
    expect(isAppUrl('berth://app/containers/abc?tab=logs')).toBe(true);
  });

  it('refuses other hosts, schemes, credentials and ports that only look alike', () => {
    for (const url of ['berth://evil/', 'berth://app.evil/', 'https://app/', 'file:///berth/app/', 'berth://user@app/', 'berth://app:8080/', 'not a url', '']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('sends only http and https links to the user’s browser', () => {
    expect(isExternalWebUrl('https://docs.docker.com/')).toBe(true);
    expect(isExternalWebUrl('http://localhost:8080/')).toBe(true);
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'mailto:a@b.c', 'smb://host/share', 'berth://app/', 'nonsense']) {
      expect(isExternalWebUrl(url), url).toBe(false);
    }
  });
});

describe('serving the built UI from disk', () => {
  it('maps files to the renderer folder', () => {
    expect(appFilePath(root, 'berth://app/assets/index-4f2a.js')).toBe(path.join(root, 'assets', 'index-4f2a.js'));
    expect(appFilePath(root, 'berth://app/favicon.svg?v=2')).toBe(path.join(root, 'favicon.svg'));
  });

  it('answers the root and single-page-app routes with index.html', () => {
    expect(appFilePath(root, 'berth://app/')).toBe(path.join(root, 'index.html'));
    expect(appFilePath(root, 'berth://app/containers/abc')).toBe(path.join(root, 'index.html'));
  });

  it('never leaves the renderer folder, however the path is encoded', () => {
    const hostile = [
      'berth://app/../../etc/passwd',
      'berth://app/%2e%2e/%2e%2e/etc/passwd.txt',
      'berth://app/..%2F..%2F..%2Fetc%2Fpasswd.txt',
      'berth://app/assets/..%2F..%2F..%2Fsecret.json',
      'berth://app/%5C..%5C..%5Csecret.json',
      'berth://app//etc/passwd.txt',
    ];
    for (const url of hostile) {
      const file = appFilePath(root, url);
      if (file !== undefined) expect(file.startsWith(root + path.sep), `${url} → ${file}`).toBe(true);
    }
    expect(appFilePath(root, 'berth://app/..%2F..%2F..%2Fetc%2Fpasswd.txt')).toBeUndefined();
  });

  it('refuses malformed encodings, NUL bytes and other origins', () => {
    expect(appFilePath(root, 'berth://app/%E0%A4%A.js')).toBeUndefined();
    expect(appFilePath(root, 'berth://app/index.html%00.js')).toBeUndefined();
    expect(appFilePath(root, 'berth://other/index.html')).toBeUndefined();
    expect(appFilePath(root, 'file:///berth/dist/renderer/index.html')).toBeUndefined();
  });

  it('labels scripts so module loading accepts them, and unknown files as opaque bytes', () => {
    expect(contentType('/x/index-4f2a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentType('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('/x/blob.bin')).toBe('application/octet-stream');
  });

  it('sends a policy that runs only the app’s own code and reaches no network', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});

