/** The guest's serial console (kernel, init and dockerd's warnings), following new lines while at the end. */
import { useLayoutEffect, useRef } from 'react';
import { messageOf } from '../../components/toasts/store';
import { useVmConsole } from './api';

/** Within this many pixels of the end counts as "at the end", so new lines keep the view following. */
const FOLLOW_SLACK_PX = 24;

export function VmConsole() {
  const console = useVmConsole();
  const boxRef = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  const lines = console.data ?? [];

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (box && following.current) box.scrollTop = box.scrollHeight;
  }, [lines]);

  return (
    <section className="panel" aria-labelledby="vm-console-title">
      <h2 id="vm-console-title" className="panel__title">
        Console
      </h2>
      {console.isError ? (
        <p role="alert">{messageOf(console.error)}</p>
      ) : (
        <pre
          ref={boxRef}
          className="managed-log__box vm-console"
          role="log"
          aria-label="VM console"
          tabIndex={0}
          data-testid="vm-console"
          onScroll={(e) => {
            const box = e.currentTarget;
            following.current = box.scrollHeight - box.scrollTop - box.clientHeight < FOLLOW_SLACK_PX;
          }}
        >
          {lines.length ? lines.join('\n') : <span className="muted">Nothing yet: the guest writes here from the moment the VM starts.</span>}
        </pre>
      )}
    </section>
  );
}
