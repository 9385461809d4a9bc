/**
 * The Run dialog: everything `docker run` can say that most people need, the equivalent command kept in
 * step, and the engine's checks (name taken, image missing, port in use, folder missing) shown next to the
 * field they are about before anything is created. It also recreates a container with changes.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { navigate } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CloseIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { messageOf, showToast } from '../../components/toasts/store';
import { AdvancedSection } from './AdvancedSection';
import { runCheckQuery, useRunCheck, useRunContainer } from './api';
import { CommandPreview } from './CommandPreview';
import { CommandSection } from './CommandSection';
import { EnvSection } from './EnvSection';
import { fieldId, Problems } from './Field';
import { GeneralSection } from './GeneralSection';
import type { RunForm } from './model/form';
import type { AttachedView } from './model/parse-command';
import { attachedNotice } from './model/parse-command';
import { collectProblems } from './model/problems';
import { formToCommand } from './model/to-command';
import { formToSpec } from './model/to-spec';
import { validateForm } from './model/validate';
import { NetworkSection } from './NetworkSection';
import { OtherOptionsSection } from './OtherOptionsSection';
import { PasteCommand } from './PasteCommand';
import { PortsSection } from './PortsSection';
import { RecreateNotice, recreateLosses } from './RecreateNotice';
import { ResourcesSection } from './ResourcesSection';
import type { RunDialogSession } from './store';
import { useRunDialog } from './store';
import { VolumesSection } from './VolumesSection';
import { useModal } from '../../components/modal';
import './run-container.css';

/** The engine is asked about the form once typing pauses this long. */
const CHECK_AFTER_MS = 350;

/** Which folded section holds a field, so a problem in it unfolds it. */
type Fold = 'command' | 'resources' | 'advanced' | 'other';
const FOLDED: Record<string, Fold> = {
  command: 'command',
  entrypoint: 'command',
  workdir: 'command',
  user: 'command',
  hostname: 'command',
  cpus: 'resources',
  memory: 'resources',
  labels: 'advanced',
  options: 'other',
};

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function RunDialogHost() {
  const session = useRunDialog((s) => s.session);
  return session ? <RunDialog key={session.key} session={session} /> : null;
}

function RunDialog({ session }: { session: RunDialogSession }) {
  const close = useRunDialog((s) => s.close);
  const queryClient = useQueryClient();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [form, setForm] = useState<RunForm>(session.form);
  const [pasting, setPasting] = useState(false);
  // A pasted line without -d: once started, the container's output (or its shell) is opened, as the CLI would show it.
  const [attached, setAttached] = useState<AttachedView | undefined>(undefined);
  const [submitted, setSubmitted] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [unfolded, setUnfolded] = useState<Set<string>>(() => new Set());
  const run = useRunContainer();
  const replacing = session.use === 'recreate' ? session.from?.id : undefined;
  const opensAfter = !replacing && form.start ? attached : undefined;

  useModal(dialogRef);

  const spec = useMemo(() => formToSpec(form), [form]);
  const local = useMemo(() => validateForm(form), [form]);
  const localErrors = local.some((p) => p.severity === 'error');
  const settledSpec = useDebounced(localErrors ? undefined : spec, CHECK_AFTER_MS);
  const check = useRunCheck(settledSpec, replacing);
  const engineProblems = settledSpec && check.data ? check.data.problems : [];
  // A field left empty is not wrong until the user tries to run; what they typed is checked as they type.
  const shownLocal = submitted ? local : local.filter((p) => p.field !== 'image' || form.image.trim());
  const problems = collectProblems(form, shownLocal, engineProblems);
  const command = useMemo(() => formToCommand(form), [form]);

  const change = (recipe: (f: RunForm) => RunForm) => {
    setFailure(null);
    setForm(recipe);
  };

  const reveal = (field: string | undefined) => {
    if (!field) return;
    const section = FOLDED[field.split('.')[0] ?? ''];
    if (section) setUnfolded((s) => new Set(s).add(section));
    setTimeout(() => document.getElementById(fieldId(field))?.focus());
  };

  const submit = async () => {
    setSubmitted(true);
    setFailure(null);
    const all = collectProblems(form, local, []);
    if (all.errors) return reveal(all.firstErrorField);
    // Ask the engine again now: a port or a name may have been taken since the last check.
    let fresh;
    try {
      fresh = await queryClient.fetchQuery(runCheckQuery(spec, replacing));
    } catch (e) {
      setFailure(messageOf(e));
      return;
    }
    const withEngine = collectProblems(form, local, fresh.problems);
    if (withEngine.errors) return reveal(withEngine.firstErrorField ?? 'image');
    if (replacing && !confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    run.mutate(
      { spec, replacing, start: form.start },
      {
        onSuccess: (result) => {
          close();
          const warnings = result.warnings.length ? ` The engine warned: ${result.warnings.join(' ')}` : '';
          showToast({ tone: 'info', title: replacing ? `Recreated ${result.name}` : form.start ? `Started ${result.name}` : `Created ${result.name}`, message: warnings || undefined });
          if (opensAfter) navigate('container', { id: result.id, tab: opensAfter });
          else navigate('container', { id: result.id });
        },
        onError: (e) => setFailure(messageOf(e)),
      },
    );
  };

  const title = session.use === 'recreate' ? `Recreate ${session.from?.name}` : session.use === 'duplicate' ? `Duplicate ${session.from?.name}` : 'Run a container';
  const folded = (key: Fold, label: string, summary: string, children: ReactNode) => (
    <details
      className="run-fold"
      open={unfolded.has(key)}
      onToggle={(e) => {
        const open = (e.target as HTMLDetailsElement).open;
        setUnfolded((s) => {
          const next = new Set(s);
          if (open) next.add(key);
          else next.delete(key);
          return next;
        });
      }}
    >
      <summary className="run-fold__summary">
        <span className="run-fold__title">{label}</span>
        {summary && <span className="run-fold__values">{summary}</span>}
      </summary>
      <div className="run-fold__body">{children}</div>
    </details>
  );
  const sectionProps = { form, change, problems };
  const busy = run.isPending;

  return (
    <dialog
      ref={dialogRef}
      className="run-dialog"
      aria-labelledby={titleId}
      data-testid="run-dialog"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) close();
      }}
    >
      <form
        className="run-dialog__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void submit();
        }}
      >
        <header className="run-dialog__header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="button button--quiet" onClick={() => setPasting(true)} disabled={pasting}>
            Paste a docker run command…
          </button>
          <button type="button" className="icon-button" aria-label="Close" title="Close" onClick={close} disabled={busy}>
            <CloseIcon />
          </button>
        </header>
        <div className="run-dialog__body">
          {pasting && (
            <PasteCommand
              onFill={(f, a) => {
                change(() => f);
                setAttached(a);
              }}
              change={change}
              onClose={() => setPasting(false)}
            />
          )}
          {session.use === 'recreate' && session.from && <RecreateNotice name={session.from.name} form={form} />}
          <GeneralSection {...sectionProps} />
          <PortsSection {...sectionProps} />
          <VolumesSection {...sectionProps} />
          <EnvSection {...sectionProps} />
          <NetworkSection {...sectionProps} />
          {folded('command', 'Command and user', [form.command, form.entrypoint && `entrypoint ${form.entrypoint}`, form.workdir, form.user].filter(Boolean).join(' · '), <CommandSection {...sectionProps} />)}
          {folded('resources', 'CPU and memory limits', [form.cpus && `${form.cpus} CPUs`, form.memory && `${form.memory} memory`].filter(Boolean).join(' · '), <ResourcesSection {...sectionProps} />)}
          {folded(
            'advanced',
            'Labels and switches',
            [form.labels.length && `${form.labels.length} labels`, form.autoRemove && '--rm', form.interactive && '-i', form.tty && '-t', form.init && '--init', form.privileged && 'privileged']
              .filter(Boolean)
              .join(' · '),
            <AdvancedSection {...sectionProps} />,
          )}
          {folded(
            'other',
            'Other options',
            form.options
              .filter((o) => o.flag.trim())
              .map((o) => `--${o.flag}`)
              .join(' '),
            <OtherOptionsSection {...sectionProps} />,
          )}
        </div>
        <footer className="run-dialog__footer">
          <CommandPreview command={command} />
          <Problems field="general" problems={problems.general} />
          {opensAfter && (
            <p className="run-dialog__attached" data-testid="run-attached">
              {attachedNotice(opensAfter)}
            </p>
          )}
          {failure && (
            <p className="run-failure" role="alert" data-testid="run-failure">
              {failure}
            </p>
          )}
          <div className="run-dialog__actions">
            <span className="run-dialog__status" role="status">
              {check.isFetching && settledSpec ? (
                <>
                  <Spinner /> Checking with the engine…
                </>
              ) : problems.errors ? (
                `${problems.errors === 1 ? 'One thing' : `${problems.errors} things`} to fix before running`
              ) : null}
            </span>
            {!replacing && (
              <label className="run-start-now" title="Off: only create it, as docker create does">
                <input type="checkbox" checked={form.start} onChange={(e) => change((f) => ({ ...f, start: e.target.checked }))} data-testid="run-start-now" />
                Start it now
              </label>
            )}
            <button type="button" className="button" onClick={close} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className={replacing ? 'button button--danger' : 'button button--primary'} disabled={busy} data-testid="run-submit">
              {busy && <Spinner />}
              {replacing ? 'Recreate' : form.start ? 'Run' : 'Create'}
            </button>
          </div>
        </footer>
      </form>
      {confirming && session.from && (
        <ConfirmDialog title={`Recreate ${session.from.name}?`} confirmLabel="Recreate" danger onConfirm={() => void submit()} onCancel={() => setConfirming(false)}>
          {recreateLosses(session.from.name, form)}
        </ConfirmDialog>
      )}
    </dialog>
  );
}
