/** The swarm's join tokens, fetched only when the user asks (a token lets whoever holds it join), copyable and rotatable. */
import { useState } from 'react';
import type { JoinTokens } from '../../../../engine/contract/swarm-types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyIcon, EyeIcon, RefreshIcon } from '../../components/icons';
import { messageOf, showToast } from '../../components/toasts/store';
import { copyText } from '../../components/clipboard';
import { useSwarmAction } from './api';

function TokenRow({ role, tokens, onRotate }: { role: 'worker' | 'manager'; tokens: JoinTokens; onRotate(): void }) {
  const command = `docker swarm join --token ${tokens[role]} ${tokens.joinAddress ?? '<manager-address>:2377'}`;
  return (
    <div>
      <div className="field__label">To add a {role}, run on it (or paste the token in Berth’s Join form there):</div>
      <div className="token-box">
        <code data-testid={`join-${role}`}>{command}</code>
        <button
          type="button"
          className="button"
          aria-label={`Copy the ${role} join command`}
          onClick={() => copyText(command).then(() => showToast({ tone: 'info', title: `Copied the ${role} join command` }), (e: unknown) => showToast({ tone: 'error', title: 'Could not copy', message: messageOf(e) }))}
        >
          <CopyIcon />
        </button>
        <button type="button" className="button" aria-label={`Rotate the ${role} token`} title="Rotate: the old token stops working" onClick={onRotate}>
          <RefreshIcon />
        </button>
      </div>
    </div>
  );
}

export function JoinTokensPanel() {
  const show = useSwarmAction('swarm.joinTokens', () => 'Could not read the join tokens');
  const rotate = useSwarmAction('swarm.rotateToken', (i) => `Could not rotate the ${i.role} token`);
  const [tokens, setTokens] = useState<JoinTokens>();
  const [rotating, setRotating] = useState<'worker' | 'manager'>();
  if (!tokens) {
    return (
      <button type="button" className="button" disabled={show.isPending} onClick={() => show.mutate({}, { onSuccess: setTokens })}>
        <EyeIcon />
        Show join tokens
      </button>
    );
  }
  return (
    <>
      <TokenRow role="worker" tokens={tokens} onRotate={() => setRotating('worker')} />
      <TokenRow role="manager" tokens={tokens} onRotate={() => setRotating('manager')} />
      <button type="button" className="button button--quiet" onClick={() => setTokens(undefined)}>
        Hide tokens
      </button>
      {rotating && (
        <ConfirmDialog
          title={`Rotate the ${rotating} token?`}
          confirmLabel="Rotate"
          onCancel={() => setRotating(undefined)}
          onConfirm={() => {
            const role = rotating;
            setRotating(undefined);
            rotate.mutate({ role }, { onSuccess: setTokens });
          }}
        >
          <p>The current {rotating} token stops working at once: engines that have not joined yet need the new one. Nodes already in the swarm are not affected.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
