/**
 * A table of things as every list in Berth draws it: a scrolling frame, column widths, one header row
 * (sortable columns, a select-all box, an actions column screen readers hear but nobody sees), and the
 * rows the caller gives. Rows stay with each feature; what a list looks like is decided once, here.
 */
import type { ReactNode } from 'react';

export interface Sorting {
  active: boolean;
  descending: boolean;
  onSort(): void;
}

export interface Column {
  /** What the header says. */
  header: ReactNode;
  /** Said to screen readers only, as the row-actions column is. */
  hidden?: boolean;
  /** The header cell's class. */
  className?: string;
  /** The column's class in the colgroup, which sets its width; a colgroup is drawn when any column has one. */
  col?: string;
  /** The header's tooltip. */
  title?: string;
  /** Makes the header a button that sorts by this column. */
  sort?: Sorting;
}

interface DataTableProps {
  /** The table's accessible name. */
  label: string;
  className?: string;
  /** A column's header, or a plain header's text. */
  columns: (Column | string)[];
  /** The scrolling frame's class; `null` draws the table without one. */
  frame?: string | null;
  /** Shown in the frame under the table (an "empty" note). */
  after?: ReactNode;
  /** The table's bodies: one `<tbody>`, or several for groups. */
  children: ReactNode;
}

/** A `<tbody>` wrapper is the caller's: groups need bodies of their own. */
export function DataTable({ label, className = 'list-table data-table', columns: given, frame = 'table-scroll table-scroll--inline', after, children }: DataTableProps) {
  const columns = given.map((c) => (typeof c === 'string' ? { header: c } : c));
  const table = (
    <table className={className} aria-label={label}>
      {columns.some((c) => c.col !== undefined) && (
        <colgroup>
          {columns.map((c, i) => (
            <col key={i} className={c.col} />
          ))}
        </colgroup>
      )}
      <thead>
        <tr>
          {columns.map((c, i) => (
            <HeaderCell key={i} column={c} />
          ))}
        </tr>
      </thead>
      {children}
    </table>
  );
  if (frame === null) return table;
  return (
    <div className={frame}>
      {table}
      {after}
    </div>
  );
}

function HeaderCell({ column: c }: { column: Column }) {
  const sort = c.sort;
  return (
    <th scope="col" className={c.className} title={c.title} aria-sort={sort ? (sort.active ? (sort.descending ? 'descending' : 'ascending') : 'none') : undefined}>
      {c.hidden ? (
        <span className="visually-hidden">{c.header}</span>
      ) : sort ? (
        <button type="button" className={`sort-button${sort.active ? ' is-active' : ''}`} onClick={sort.onSort}>
          {c.header}
          <span className="sort-button__arrow" aria-hidden="true">
            {sort.active ? (sort.descending ? '↓' : '↑') : ''}
          </span>
        </button>
      ) : (
        c.header
      )}
    </th>
  );
}
