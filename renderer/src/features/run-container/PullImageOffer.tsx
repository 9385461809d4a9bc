/** Where the image is not on the engine yet: pull it from here, as a task, and watch it land. */
import { useState } from 'react';
import { Spinner } from '../../components/Spinner';
import { startPull } from '../images/tasks/transfer';
import { useTasks } from '../tasks/store';

export function PullImageOffer({ image }: { image: string }) {
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useTasks((s) => (taskId ? s.tasks.find((t) => t.id === taskId) : undefined));
  if (task?.state === 'running') {
    return (
      <span className="run-pull-offer" role="status">
        <Spinner /> Pulling {image}… {task.progress.text}
      </span>
    );
  }
  // Once pulled, the engine's image event brings the check back without this message.
  return (
    <span className="run-pull-offer">
      {task?.state === 'failed' && <span className="run-pull-offer__failed">{task.message} </span>}
      <button type="button" className="button run-pull-offer__button" onClick={() => setTaskId(startPull(image))}>
        {task?.state === 'failed' ? 'Try again' : `Pull ${image}`}
      </button>
    </span>
  );
}
