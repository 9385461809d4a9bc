/** Which Compose Berth runs, what else was found, the order of preference, and choosing another. */
import type { ComposeFound } from '../../../../engine/contract/compose-types';
import { messageOf } from '../../components/toasts/store';
import { useChooseCompose, useComposeTool } from './api';

const kindWords: Record<ComposeFound['kind'], string> = {
  plugin: 'docker compose plugin',
  standalone: 'standalone docker-compose',
  'podman-compose': 'podman-compose',
};

export function ComposeToolPanel() {
  const tool = useComposeTool();
  const choose = useChooseCompose();
  if (tool.isPending) return <p className="muted">Looking for Compose…</p>;
  if (tool.isError) return <p role="alert">{messageOf(tool.error)}</p>;
  const { chosen, found, reason, installHint } = tool.data;
  return (
    <section className="compose-tool" aria-labelledby="compose-tool-title" data-testid="compose-tool">
      <h2 id="compose-tool-title" className="compose-section-title">
        Which Compose
      </h2>
      {!chosen ? (
        <p role="alert" data-testid="compose-missing">
          {installHint}
        </p>
      ) : (
        <>
          <p>
            Berth runs <code data-testid="compose-chosen">{chosen.command}</code> ({kindWords[chosen.kind]} {chosen.version}). {reason}
          </p>
          <ol className="compose-tool__list">
            {found.map((f) => (
              <li key={f.command}>
                <code>{f.command}</code> — {kindWords[f.kind]} {f.version}
                {f.generation === 1 && ' (Compose v1)'}
                {f.command === chosen.command ? (
                  <span className="badge badge--success compose-tool__badge">In use</span>
                ) : (
                  <button type="button" className="button button--quiet" disabled={choose.isPending} onClick={() => choose.mutate(f.command)}>
                    Use this one
                  </button>
                )}
              </li>
            ))}
          </ol>
          <p className="muted">
            Order of preference: the command in BERTH_COMPOSE, the one you chose here, the docker compose plugin, a docker-compose packaged with Berth, a standalone
            docker-compose (v2 before v1), then podman-compose.
            {reason === 'You chose it in Berth.' && (
              <>
                {' '}
                <button type="button" className="button button--quiet" onClick={() => choose.mutate(null)}>
                  Choose automatically again
                </button>
              </>
            )}
          </p>
        </>
      )}
    </section>
  );
}
