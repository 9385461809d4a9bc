/** What Berth's dockerd last wrote, newest at the bottom; follows new lines while scrolled to the end. */
import { useLayoutEffect, useRef } from 'react';
import { messageOf } from '../../components/toasts/store';
import { useManagedLog } from './managed-api';

/** Within this many pixels of the end counts as "at the end", so a new line keeps the view following. */
const FOLLOW_SLACK_PX = 24;

export function ManagedEngineLog() {
  const log = useManagedLog();
  const boxRef = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  const lines = log.data ?? [];

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (box && following.current) box.scrollTop = box.scrollHeight;
  }, [lines]);

  return (
    <div className="managed-log">
      <h3 className="managed-log__title">Log</h3>
      {log.isError ? (
        <p role="alert">{messageOf(log.error)}</p>
      ) : (
        <pre
          ref={boxRef}
          className="managed-log__box"
          role="log"
          aria-label="Managed engine log"
          tabIndex={0}
          onScroll={(e) => {
            const box = e.currentTarget;
            following.current = box.scrollHeight - box.scrollTop - box.clientHeight < FOLLOW_SLACK_PX;
          }}
        >
          {lines.length ? lines.join('\n') : <span className="muted">Nothing yet: dockerd writes here once the managed engine starts.</span>}
        </pre>
      )}
    </div>
  );
}
