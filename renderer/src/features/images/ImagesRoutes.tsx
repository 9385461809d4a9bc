/** The pages under #/images: the list, #/images/build, and #/images/<id> for one image. */
import { BuildPage } from './BuildPage';
import { ImageDetailPage } from './ImageDetailPage';
import { ImagesPage } from './ImagesPage';

export function ImagesRoutes({ params }: { params: string[] }) {
  const [first] = params;
  if (!first) return <ImagesPage />;
  if (first === 'build') return <BuildPage />;
  return <ImageDetailPage key={first} id={first} />;
}
