/**
 * The form's own problems and the engine's, put together by form field so each shows next to the input
 * it is about. The engine names host ports and mount sources; they are found back in the form's rows.
 */
import type { RunProblem } from '../../../../../engine/contract/run-types';
import type { RunForm } from './form';
import type { FieldProblem } from './validate';

export interface ShownProblem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The image is missing: offer to pull it. */
  pullImage?: string;
}

export interface FormProblems {
  byField: Map<string, ShownProblem[]>;
  /** Problems that belong to no single field. */
  general: ShownProblem[];
  errors: number;
  /** The first field with an error, to move the focus to. */
  firstErrorField?: string;
}

/** The form fields an engine problem is about. */
export function fieldsOf(field: string | undefined, form: RunForm): string[] {
  if (!field) return [];
  if (field.startsWith('hostPort.')) {
    const [port, protocol] = field.slice('hostPort.'.length).split('/');
    return form.ports.flatMap((p, i) => (p.hostPort.trim() && Number(p.hostPort) === Number(port) && p.protocol === protocol ? [`ports.${i}.hostPort`] : []));
  }
  if (field.startsWith('volume.')) {
    const source = field.slice('volume.'.length);
    return form.volumes.flatMap((v, i) => (v.source.trim() === source ? [`volumes.${i}.source`] : []));
  }
  return [field];
}

/** The order fields appear in the dialog, so the focus goes to the first problem on screen. */
const FIELD_ORDER = ['image', 'name', 'ports', 'network', 'volumes', 'env', 'command', 'entrypoint', 'workdir', 'restart', 'maxRetries', 'cpus', 'memory', 'labels', 'options'];
const rank = (field: string) => {
  const [head = '', index = '0'] = field.split('.');
  const at = FIELD_ORDER.indexOf(head);
  return (at < 0 ? FIELD_ORDER.length : at) * 10_000 + Number(index);
};

export function collectProblems(form: RunForm, local: FieldProblem[], engine: RunProblem[]): FormProblems {
  const byField = new Map<string, ShownProblem[]>();
  const general: ShownProblem[] = [];
  const errorFields: string[] = [];
  const add = (field: string, p: ShownProblem) => {
    const list = byField.get(field) ?? [];
    if (!list.some((q) => q.message === p.message)) list.push(p);
    byField.set(field, list);
    if (p.severity === 'error') errorFields.push(field);
  };
  for (const p of local) add(p.field, { severity: p.severity, message: p.message });
  for (const p of engine) {
    const fields = fieldsOf(p.field, form);
    const shown: ShownProblem = { severity: p.severity, message: p.message, pullImage: p.pullImage };
    if (fields.length) fields.forEach((f) => add(f, shown));
    else {
      general.push(shown);
      if (p.severity === 'error') errorFields.push('');
    }
  }
  errorFields.sort((a, b) => rank(a) - rank(b));
  return { byField, general, errors: errorFields.length, firstErrorField: errorFields.find(Boolean) };
}
