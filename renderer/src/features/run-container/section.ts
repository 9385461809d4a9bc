/** What every section of the Run form gets: the form, a way to change it, and the problems found in it. */
import type { RunForm } from './model/form';
import type { FormProblems } from './model/problems';

export interface SectionProps {
  form: RunForm;
  change(recipe: (form: RunForm) => RunForm): void;
  problems: FormProblems;
}

/** A copy of `list` with item `index` changed. */
export function replaceAt<T>(list: T[], index: number, item: T): T[] {
  return list.map((x, i) => (i === index ? item : x));
}

export function removeAt<T>(list: T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}
