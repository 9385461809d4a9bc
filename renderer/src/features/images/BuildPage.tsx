/** Building an image (#/images/build): the settings, then the build's output as it runs. */
import { href } from '../../app/router';
import { useEngineStatus } from '../engines/api';
import { EngineRequired } from '../engines/EngineRequired';
import { BuildForm } from './BuildForm';
import { BuildOutput } from './BuildOutput';
import { useImagesUi } from './store';
import { Page } from '../../components/Page';
import './images.css';
import './build.css';

export function BuildPage() {
  const status = useEngineStatus().data;
  const taskId = useImagesUi((s) => s.buildTaskId);
  const setBuildTask = useImagesUi((s) => s.setBuildTask);
  return (
    <Page
      titleId="build-title"
      back={{ href: href('images'), label: 'Images' }}
      title="Build an image"
      bodyClassName="build-page"
    >
      {status && status.state !== 'running' ? (
        <EngineRequired status={status} />
      ) : (
        <>
          <BuildForm onStarted={setBuildTask} />
          {taskId && <BuildOutput key={taskId} taskId={taskId} />}
        </>
      )}
    </Page>
  );
}
