/** What recreating a container keeps and what it loses, said before and asked again at the end. */
import type { RunForm } from './model/form';

const ANONYMOUS = /^[0-9a-f]{64}$/;

function keptVolumes(form: RunForm): string {
  const named = form.volumes.filter((v) => v.kind === 'volume' && v.source.trim() && !ANONYMOUS.test(v.source.trim())).map((v) => v.source.trim());
  const unnamed = form.volumes.filter((v) => v.kind === 'volume' && ANONYMOUS.test(v.source.trim())).length;
  const parts = [...named.map((n) => `“${n}”`), ...(unnamed ? [`${unnamed} without a name`] : [])];
  if (!parts.length) return '';
  return `${parts.length === 1 && !unnamed ? 'The volume' : 'The volumes'} ${parts.join(', ')} ${parts.length === 1 && !unnamed ? 'is' : 'are'} kept and mounted into the new one.`;
}

export function RecreateNotice({ name, form }: { name: string; form: RunForm }) {
  return (
    <p className="run-notice" data-testid="recreate-notice">
      Recreating replaces {name} with a new container made from these settings. {keptVolumes(form)} What {name} changed outside its volumes
      (its writable layer) is lost.
    </p>
  );
}

export function recreateLosses(name: string, form: RunForm) {
  return (
    <>
      <p>
        {name} is stopped and removed, and a new container takes its place. Files it created or changed outside its volumes (its writable layer)
        are lost for good.
      </p>
      {keptVolumes(form) && <p>{keptVolumes(form)}</p>}
      <p className="muted">If the new container cannot start, {name} is put back as it was.</p>
    </>
  );
}
