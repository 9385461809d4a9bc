/** Which name to push an image under: pure, so the choice can be checked without a window. */
import { parseImageReference } from '../../../../engine/contract/image-reference';

const onDockerHub = (name: string) => {
  const parsed = parseImageReference(name);
  return !parsed.ok || parsed.reference.registry === 'docker.io';
};

/**
 * The names to offer when pushing `tag`, best first. A name without a registry pushes to Docker Hub,
 * which is rarely what someone means when the image already has a name on a registry of their own
 * (`localhost:5055/demo/bb:1`): those names come first, and the Docker Hub one last.
 */
export function pushNames(tag: string, imageNames: string[]): string[] {
  const own = imageNames.filter((n) => n !== tag && !onDockerHub(n));
  return onDockerHub(tag) ? [...own, tag] : [tag, ...own];
}
