/** The `docker run` line that makes the same container, kept in step with the form, with a copy button. */
import { useEffect, useState } from 'react';
import { messageOf, showToast } from '../../components/toasts/store';

export function CommandPreview({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setCopied(true);
    } catch (e) {
      showToast({ tone: 'error', title: 'Could not copy the command', message: messageOf(e) });
    }
  };
  return (
    <div className="run-command">
      <code className="run-command__text" data-testid="run-command" aria-label="The same container as a docker run command">
        {command}
      </code>
      <button type="button" className="button run-command__copy" onClick={() => void copy()} aria-label="Copy the docker run command">
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
