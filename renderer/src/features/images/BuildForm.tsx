/**
 * What to build: the context (a folder on this machine, a path on the Berth host, or an uploaded archive),
 * the Dockerfile in it, tags, build arguments, a target stage, and whether to use the cache or pull.
 */
import { useId, useState } from 'react';
import { referenceProblem } from '../../../../engine/contract/image-reference';
import { client } from '../../app/contract-client';
import { CloseIcon, PlusIcon } from '../../components/icons';
import { messageOf, showToast } from '../../components/toasts/store';
import { useAppInfo } from '../app-info/api';
import { Field } from '../../components/FormDialog';
import { startBuild } from './tasks/build';
import type { BuildInput } from './tasks/build';

const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STAGE = /^[A-Za-z0-9][\w.-]*$/;

interface Arg {
  id: number;
  name: string;
  value: string;
}

function tagsOf(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

function pathProblem(path: string): string | undefined {
  if (!path.trim()) return 'Choose the folder that holds the Dockerfile.';
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) ? undefined : 'Write the full path, starting with /.';
}

export function BuildForm({ onStarted }: { onStarted(taskId: string): void }) {
  const mode = useAppInfo().data?.mode;
  const [source, setSource] = useState<'path' | 'upload'>('path');
  const [path, setPath] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [dockerfile, setDockerfile] = useState('Dockerfile');
  const [tags, setTags] = useState('');
  const [args, setArgs] = useState<Arg[]>([]);
  const [target, setTarget] = useState('');
  const [noCache, setNoCache] = useState(false);
  const [pull, setPull] = useState(false);
  const [tried, setTried] = useState(false);
  const fileId = useId();

  const tagProblem = tagsOf(tags)
    .map((t) => referenceProblem(t, { allowDigest: false }))
    .find(Boolean);
  const argProblem = args.find((a) => a.name && !ARG_NAME.test(a.name)) ? 'Build argument names are letters, digits and “_”, not starting with a digit.' : undefined;
  const targetProblem = target.trim() && !STAGE.test(target.trim()) ? 'A target is the name of a stage (FROM … AS name).' : undefined;
  const dockerfileProblem = !dockerfile.trim() ? 'Name the Dockerfile.' : dockerfile.startsWith('/') || dockerfile.split(/[\\/]/).includes('..') ? 'A path inside the build context.' : undefined;
  const contextProblem = source === 'path' ? pathProblem(path) : file ? undefined : 'Choose a .tar or .tar.gz file with the build context.';
  const problems = [contextProblem, dockerfileProblem, tagProblem, argProblem, targetProblem].filter(Boolean);

  const chooseFolder = async () => {
    try {
      const chosen = await client.call('files.choose', { kind: 'folder', title: 'Choose the build context folder' });
      if (chosen.path) setPath(chosen.path);
    } catch (e) {
      showToast({ tone: 'error', title: 'Could not open the folder dialog', message: messageOf(e) });
    }
  };

  const submit = () => {
    setTried(true);
    if (problems.length) return;
    const input: BuildInput = {
      context: source === 'path' ? { kind: 'path', path: path.trim() } : { kind: 'upload', name: file!.name.slice(0, 255) || 'context.tar', size: file!.size },
      dockerfile: dockerfile.trim(),
      tags: tagsOf(tags),
      buildArgs: Object.fromEntries(args.filter((a) => a.name).map((a) => [a.name, a.value])),
      target: target.trim() || undefined,
      noCache,
      pull,
    };
    onStarted(startBuild(input, source === 'upload' ? file : undefined));
  };

  return (
    <form
      className="build-form"
      aria-label="Build settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <fieldset className="build-form__context">
        <legend className="field__label">Build context</legend>
        {mode === 'browser' && (
          <div className="segmented" role="radiogroup" aria-label="Where the build context is">
            <label className="segmented__option">
              <input type="radio" name="context-source" checked={source === 'path'} onChange={() => setSource('path')} />
              A folder on the Berth host
            </label>
            <label className="segmented__option">
              <input type="radio" name="context-source" checked={source === 'upload'} onChange={() => setSource('upload')} />
              An archive from this computer
            </label>
          </div>
        )}
        {source === 'path' ? (
          <div className="build-form__row">
            <Field
              label={mode === 'desktop' ? 'Folder' : 'Folder path on the Berth host'}
              value={path}
              onChange={setPath}
              mono
              placeholder="/home/me/projects/app"
              problem={tried || path ? pathProblem(path) : undefined}
              hint=".dockerignore in it is honoured."
            />
            {mode === 'desktop' && (
              <button type="button" className="button build-form__choose" onClick={() => void chooseFolder()}>
                Choose…
              </button>
            )}
          </div>
        ) : (
          <div className="field">
            <label className="field__label" htmlFor={fileId}>
              Archive (.tar or .tar.gz)
            </label>
            <input id={fileId} type="file" accept=".tar,.tgz,.gz,application/x-tar,application/gzip" data-testid="context-file" onChange={(e) => setFile(e.target.files?.[0])} />
            <div className={tried && !file ? 'field__problem' : 'field__hint'}>
              {tried && !file ? 'Choose a .tar or .tar.gz file with the build context.' : 'The Dockerfile and .dockerignore at its root are used as in a folder.'}
            </div>
          </div>
        )}
      </fieldset>
      <div className="build-form__grid">
        <Field label="Dockerfile" value={dockerfile} onChange={setDockerfile} mono problem={dockerfileProblem} hint="Its path inside the context." />
        <Field label="Tags" value={tags} onChange={setTags} mono placeholder="myapp:1.0 myapp:latest" problem={tags.trim() ? tagProblem : undefined} hint="Separated by spaces; none leaves the image untagged." />
        <Field label="Target stage" value={target} onChange={setTarget} mono placeholder="all stages" problem={targetProblem} hint="Build up to this stage only (FROM … AS name)." />
      </div>
      <div className="build-args">
        <div className="field__label">Build arguments</div>
        {args.map((arg, i) => (
          <div key={arg.id} className="build-args__row">
            <input
              className="text-input mono"
              aria-label={`Name of build argument ${i + 1}`}
              placeholder="NAME"
              value={arg.name}
              aria-invalid={arg.name && !ARG_NAME.test(arg.name) ? true : undefined}
              onChange={(e) => setArgs(args.map((a) => (a.id === arg.id ? { ...a, name: e.target.value } : a)))}
            />
            <input
              className="text-input mono"
              aria-label={`Value of build argument ${i + 1}`}
              placeholder="value"
              value={arg.value}
              onChange={(e) => setArgs(args.map((a) => (a.id === arg.id ? { ...a, value: e.target.value } : a)))}
            />
            <button type="button" className="icon-button" aria-label={`Remove build argument ${arg.name || i + 1}`} onClick={() => setArgs(args.filter((a) => a.id !== arg.id))}>
              <CloseIcon />
            </button>
          </div>
        ))}
        {argProblem && <div className="field__problem">{argProblem}</div>}
        <button type="button" className="button button--quiet build-args__add" onClick={() => setArgs([...args, { id: Date.now(), name: '', value: '' }])}>
          <PlusIcon /> Add a build argument
        </button>
      </div>
      <div className="build-form__footer">
        <label className="check">
          <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} /> Do not use the build cache
        </label>
        <label className="check">
          <input type="checkbox" checked={pull} onChange={(e) => setPull(e.target.checked)} /> Pull newer base images
        </label>
        <button type="submit" className="button button--primary build-form__submit">
          Build
        </button>
      </div>
    </form>
  );
}
