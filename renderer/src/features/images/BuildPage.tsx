/** Building an image (#/images/build): the settings, then the build's output as it runs. */
import { href } from '../../app/router';
import { useEngineStatus } from '../engines/api';
import { EngineRequired } from '../engines/EngineRequired';
import { BuildForm } from './BuildForm';
import { BuildOutput } from './BuildOutput';
import { useImagesUi } from './store';
import './images.css';
import './build.css';

export function BuildPage() {
  const status = useEngineStatus().data;
  const taskId = useImagesUi((s) => s.buildTaskId);
  const setBuildTask = useImagesUi((s) => s.setBuildTask);
  return (
    <section className="page" aria-labelledby="build-title">
      <header className="page-header">
        <div className="page-header__title">
          <a className="page-header__back" href={href('images')}>
            Images
          </a>
          <span className="page-header__sep" aria-hidden="true">
            /
          </span>
          <h1 id="build-title">Build an image</h1>
        </div>
      </header>
      <div className="page-body build-page">
        {status && status.state !== 'running' ? (
          <EngineRequired status={status} />
        ) : (
          <>
            <BuildForm onStarted={setBuildTask} />
            {taskId && <BuildOutput key={taskId} taskId={taskId} />}
          </>
        )}
      </div>
    </section>
  );
}
