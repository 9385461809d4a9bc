import { describe, expect, it } from 'vitest';
import { archiveName } from '../../engine/docker/image-archive';

// Saving the archive is the one download path's (test/unit/download.test.ts).
describe('an image archive', () => {
  it('offers a file name made from the image name', () => {
    expect(archiveName(['localhost:5000/team/app:1.2'])).toBe('localhost-5000-team-app-1.2.tar');
    expect(archiveName(['nginx:1', 'redis:7'])).toBe('nginx-1-and-1-more.tar');
  });
});
