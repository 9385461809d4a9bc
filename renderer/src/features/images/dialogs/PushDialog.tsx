/** Pushes a tag to its registry as a task, saying first whether Berth can sign in there. */
import { useState } from 'react';
import { familiarName, parseImageReference, referenceProblem, withDefaultTag } from '../../../../../engine/contract/image-reference';
import { href } from '../../../app/router';
import { messageOf, showToast } from '../../../components/toasts/store';
import { client } from '../../../app/contract-client';
import { useRegistryLogins } from '../../registries/api';
import { FormDialog, Field } from '../../../components/FormDialog';
import { startPush } from '../tasks/transfer';
import { useImagesUi } from '../store';
import { useImages } from '../api';
import { pushNames } from '../push-names';

export function PushDialog({ tag }: { tag: string }) {
  const close = useImagesUi((s) => s.close);
  const logins = useRegistryLogins();
  const images = useImages().data;
  const choices = pushNames(tag, images?.find((i) => i.tags.includes(tag))?.tags ?? []);
  const [name, setName] = useState(choices[0] ?? tag);
  const [busy, setBusy] = useState(false);
  const problem = referenceProblem(name, { allowDigest: false });
  const parsed = parseImageReference(name);
  const registry = parsed.ok ? parsed.reference.registry : undefined;
  const login = logins.data?.logins.find((l) => l.registry === registry);
  const target = !problem && parsed.ok ? familiarName(withDefaultTag(parsed.reference)) : undefined;

  const push = async () => {
    if (!target) return;
    setBusy(true);
    try {
      // Pushing under another name is tagging, then pushing that tag.
      if (target !== tag) await client.call('images.tag', { image: tag, tag: target });
      close();
      startPush(target);
    } catch (e) {
      showToast({ tone: 'error', title: `Could not tag ${tag} as ${target}`, message: messageOf(e) });
      setBusy(false);
    }
  };

  return (
    <FormDialog title={`Push ${tag}`} submitLabel="Push" testId="push-dialog" blocked={Boolean(problem)} busy={busy} onCancel={close} onSubmit={() => void push()}>
      <Field
        label="Push as"
        value={name}
        onChange={setName}
        mono
        problem={name.trim() ? problem : undefined}
        hint={target && target !== tag ? `Tags the image as ${target}, then pushes that.` : 'The registry is the first part of the name; without one, it is Docker Hub.'}
      />
      {choices.length > 1 && (
        <p className="push-names" data-testid="push-names">
          Its names:{' '}
          {choices.map((c) => (
            <button key={c} type="button" className={`button button--quiet mono${c === name.trim() ? ' is-active' : ''}`} aria-pressed={c === name.trim()} onClick={() => setName(c)}>
              {c}
            </button>
          ))}
        </p>
      )}
      {registry && (
        <p className={login ? 'muted' : 'notice'} data-testid="push-login">
          {login ? (
            `Signed in to ${registry}${login.username ? ` as ${login.username}` : ''}${login.source === 'berth' ? '' : ' (docker CLI login)'}.`
          ) : (
            <>
              Berth has no login for {registry}. A registry that needs one refuses the push:{' '}
              <a href={href('registries')} onClick={close}>
                sign in first
              </a>
              .
            </>
          )}
        </p>
      )}
    </FormDialog>
  );
}
