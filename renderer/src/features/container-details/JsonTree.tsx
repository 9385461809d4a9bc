/** Rows of a foldable JSON tree (see model/json-tree.ts); branches fold with their button and copy with theirs. */
import type { JsonValue } from '../../../../engine/contract/container-details-types';
import { ChevronIcon, CopyIcon } from '../../components/icons';
import type { JsonRow } from './model/json-tree';
import { pathText, valueAt } from './model/json-tree';

interface JsonTreeProps {
  root: JsonValue;
  rows: JsonRow[];
  onToggle(id: string): void;
  onCopy(text: string, what: string): void;
}

function Key({ row }: { row: JsonRow }) {
  if (row.key === null) return null;
  return (
    <>
      <span className={typeof row.key === 'number' ? 'json-index' : 'json-key'}>{typeof row.key === 'number' ? row.key : JSON.stringify(row.key)}</span>
      <span className="json-punct">: </span>
    </>
  );
}

function Value({ value }: { value: JsonRow['value'] }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="json-number">{value}</span>;
  return <span className="json-boolean">{String(value)}</span>;
}

export function JsonTree({ root, rows, onToggle, onCopy }: JsonTreeProps) {
  return (
    <ul className="json-tree mono" aria-label="Configuration">
      {rows.map((row) => {
        const indent = { paddingLeft: `${row.depth * 16 + (row.kind === 'value' ? 22 : 0)}px` };
        const where = row.path.length ? pathText(row.path) : 'the whole configuration';
        return (
          <li key={row.id} className={`json-row${row.match ? ' is-match' : ''}`} style={indent} data-path={pathText(row.path)}>
            {row.kind === 'value' ? (
              <span className="json-line">
                <Key row={row} />
                <Value value={row.value} />
              </span>
            ) : (
              <>
                <button type="button" className="json-toggle" aria-expanded={row.expanded} aria-label={`${row.expanded ? 'Fold' : 'Unfold'} ${where}`} onClick={() => onToggle(row.id)}>
                  <ChevronIcon />
                </button>
                <span className="json-line">
                  <Key row={row} />
                  <span className="json-punct">{row.kind === 'array' ? '[' : '{'}</span>
                  {!row.expanded && (
                    <span className="json-summary">
                      {row.size} {row.kind === 'array' ? (row.size === 1 ? 'item' : 'items') : row.size === 1 ? 'key' : 'keys'}
                      <span className="json-punct">{row.kind === 'array' ? ']' : '}'}</span>
                    </span>
                  )}
                </span>
                <button
                  type="button"
                  className="json-copy"
                  aria-label={`Copy ${where} as JSON`}
                  title="Copy as JSON"
                  onClick={() => onCopy(JSON.stringify(valueAt(root, row.path), null, 2), where)}
                >
                  <CopyIcon />
                </button>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
