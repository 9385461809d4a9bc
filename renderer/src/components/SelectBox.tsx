import { useEffect, useRef } from 'react';

/** A checkbox for several rows at once: checked when all are selected, mixed when some are. */
export function SelectBox({ label, ids, selectedCount, onChange }: { label: string; ids: string[]; selectedCount: number; onChange(selected: boolean): void }) {
  const ref = useRef<HTMLInputElement>(null);
  const all = ids.length > 0 && selectedCount === ids.length;
  const some = selectedCount > 0 && !all;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = some;
  }, [some]);
  return <input ref={ref} type="checkbox" aria-label={label} checked={all} disabled={!ids.length} onChange={() => onChange(!all)} />;
}
