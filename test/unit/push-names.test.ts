import { describe, expect, it } from 'vitest';
import { pushNames } from '../../renderer/src/features/images/push-names';

describe('the name a push offers first', () => {
  it('is the image’s own registry name when the one clicked would go to Docker Hub', () => {
    expect(pushNames('demo/bb:1', ['demo/bb:1', 'localhost:5055/demo/bb:1'])).toEqual(['localhost:5055/demo/bb:1', 'demo/bb:1']);
  });

  it('is the one clicked when it names a registry, the others after it', () => {
    expect(pushNames('localhost:5055/demo/bb:1', ['demo/bb:1', 'localhost:5055/demo/bb:1', 'registry.example.com/bb:2'])).toEqual([
      'localhost:5055/demo/bb:1',
      'registry.example.com/bb:2',
    ]);
  });

  it('is the one clicked when the image has no registry name', () => {
    expect(pushNames('demo/bb:1', ['demo/bb:1', 'demo/bb:latest'])).toEqual(['demo/bb:1']);
  });
});
