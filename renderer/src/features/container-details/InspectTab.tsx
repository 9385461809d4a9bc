/** The container's full configuration as a foldable, searchable JSON tree, secrets masked until asked. */
import { useMemo, useState } from 'react';
import type { ContainerInspect, JsonValue } from '../../../../engine/contract/container-details-types';
import { CopyIcon, SearchIcon } from '../../components/icons';
import { copyText } from './copy';
import { JsonTree } from './JsonTree';
import { branchesTo, countMatches, jsonRows } from './model/json-tree';
import { maskJson } from './model/secrets';
import { useDetailsUi } from './store';

export function InspectTab({ inspect }: { inspect: ContainerInspect }) {
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<Set<string>>(() => branchesTo(inspect as unknown as JsonValue, 0));
  const showSecrets = useDetailsUi((s) => s.showSecrets);
  const setShowSecrets = useDetailsUi((s) => s.setShowSecrets);
  const root = useMemo(() => (showSecrets ? (inspect as unknown as JsonValue) : maskJson(inspect as unknown as JsonValue)), [inspect, showSecrets]);
  const rows = useMemo(() => jsonRows(root, expanded, search), [root, expanded, search]);
  const matches = useMemo(() => countMatches(root, search), [root, search]);

  const toggle = (id: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="inspect-tab" data-testid="inspect-tab">
      <div className="tab-toolbar">
        <label className="search">
          <SearchIcon />
          <input
            type="search"
            className="search__input"
            placeholder="Search keys and values"
            aria-label="Search the configuration"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && search) {
                e.stopPropagation();
                setSearch('');
              }
            }}
          />
        </label>
        {search.trim() && (
          <span className="muted" role="status">
            {matches === 0 ? 'No matches' : matches === 1 ? '1 match' : `${matches} matches`}
          </span>
        )}
        <span className="tab-toolbar__spacer" />
        <button type="button" className="button button--quiet" onClick={() => setExpanded(branchesTo(root, Infinity))}>
          Unfold all
        </button>
        <button type="button" className="button button--quiet" onClick={() => setExpanded(new Set(['']))}>
          Fold all
        </button>
        <label className="inspect-secrets-toggle">
          <input type="checkbox" checked={showSecrets} onChange={(e) => setShowSecrets(e.target.checked)} />
          Show secrets
        </label>
        <button type="button" className="button" onClick={() => void copyText(JSON.stringify(root, null, 2), 'the configuration')}>
          <CopyIcon /> Copy JSON
        </button>
      </div>
      <div className="inspect-tab__tree">
        {rows.length ? (
          <JsonTree root={root} rows={rows} onToggle={toggle} onCopy={(text, what) => void copyText(text, what)} />
        ) : (
          <p className="placeholder">No key or value contains “{search.trim()}”.</p>
        )}
      </div>
    </div>
  );
}
