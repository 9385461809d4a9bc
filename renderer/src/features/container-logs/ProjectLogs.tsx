/**
 * The combined logs of a Compose project: every container's lines in one view, in time order, each
 * service in its own colour. The service chips double as the legend and as filters. Search here looks
 * at the loaded lines (the last lines of each container and what came since).
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ContainerSummary } from '../../../../engine/contract/types';
import { useProjectContainers } from '../containers/api';
import { plainText } from './ansi';
import { copyLines, linesAsText } from './ContainerLogs';
import { offerText } from '../../app/downloads';
import { logFileName } from './download';
import { LogActions } from './LogActions';
import type { LogSourceLabel } from './LogRow';
import { LogSearchBar } from './LogSearchBar';
import type { ShownLine } from './log-window';
import { LogView } from './LogView';
import { ProjectLogSession } from './project-log-session';
import { searchPattern } from '../../../../engine/contract/log-search-pattern';
import type { LogSearchQuery } from '../../../../engine/contract/log-search-pattern';
import { useLogPreferences } from './store';
import '../../styles/log-colours.css';
import './logs.css';

const COLOURS = 8;

function label(c: ContainerSummary): string {
  return c.composeService ?? c.name;
}

export function ProjectLogs({ project }: { project: string }) {
  const containers = useProjectContainers(project);
  const timestamps = useLogPreferences((s) => s.timestamps);
  const wrap = useLogPreferences((s) => s.wrap);
  const [session] = useState(() => new ProjectLogSession());
  const snap = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [query, setQuery] = useState<LogSearchQuery>();
  const [current, setCurrent] = useState(-1);
  const [focus, setFocus] = useState<{ key: number; seq: number }>();

  // Which containers, in a stable order; whether each runs decides whether it is followed.
  const members = useMemo(() => (containers ?? []).map((c) => ({ id: c.id, running: c.state === 'running' })), [containers]);
  const membersKey = members.map((m) => `${m.id}:${m.running}`).join();
  // Synced when a container joins, leaves, starts or stops, not on every refresh of the list.
  useEffect(() => session.sync(members), [session, membersKey]);
  useEffect(() => () => session.dispose(), [session]);

  const sources: LogSourceLabel[] = useMemo(() => (containers ?? []).map((c, i) => ({ name: label(c), colour: i % COLOURS })), [containers]);
  const shown: readonly ShownLine[] = useMemo(
    () => (hidden.size ? snap.lines.filter((l) => !hidden.has(l.source ?? -1)) : snap.lines),
    // The window's array is updated in place; the version says when.
    [snap.lines, snap.version, hidden],
  );
  const highlight = useMemo(() => (query ? searchPattern(query, true) : undefined), [query]);
  const matches = useMemo(() => {
    if (!query) return [];
    const pattern = searchPattern(query);
    return shown.filter((l) => pattern.test(plainText(l))).map((l) => l.key);
  }, [shown, query]);

  const onSearch = useCallback((q: LogSearchQuery | undefined) => {
    setQuery(q);
    setCurrent(-1);
  }, []);
  const step = (direction: -1 | 1) => {
    if (!matches.length) return;
    const index = current < 0 ? matches.length - 1 : (current + direction + matches.length) % matches.length;
    setCurrent(index);
    setFocus((f) => ({ key: matches[index]!, seq: (f?.seq ?? 0) + 1 }));
  };
  const toggle = (index: number) =>
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });

  const asText = () => linesAsText(shown, timestamps, (i) => `${sources[shown[i]!.source ?? 0]?.name ?? ''} | `);
  const status = !query ? '' : matches.length ? `${current < 0 ? '–' : (current + 1).toLocaleString()} of ${matches.length.toLocaleString()} in the loaded lines` : 'No matches in the loaded lines';

  return (
    <section className="project-logs" aria-label={`Logs of ${project}`} data-testid="project-logs">
      <div className="log-toolbar">
        <LogSearchBar label={`Search the logs of ${project}`} placeholder="Search the loaded lines" onSearch={onSearch} onStep={step} status={status} searching={false} canStep={matches.length > 0} />
        <div className="log-toolbar__end">
          <LogActions
            copyLabel="Copy the shown lines"
            downloadLabel="Download the shown lines"
            onCopy={() => void copyLines(asText(), shown.length)}
            onDownload={() => offerText(`${asText()}\n`, logFileName(project))}
          />
        </div>
      </div>
      <div className="log-services" role="group" aria-label="Services shown">
        {sources.map((s, i) => (
          <button key={i} type="button" className={`log-service${hidden.has(i) ? ' is-off' : ''}`} aria-pressed={!hidden.has(i)} onClick={() => toggle(i)}>
            <span className={`log-service__swatch log-source--${s.colour}`} aria-hidden="true" />
            {s.name}
          </button>
        ))}
      </div>
      <LogView
        label={`Logs of ${project}`}
        lines={shown}
        version={snap.version + hidden.size}
        timestamps={timestamps}
        wrap={wrap}
        highlight={highlight}
        focus={focus}
        sources={sources}
        moreAbove={false}
        moreBelow={false}
        empty={<div className="log-view__empty">{containers?.length === 0 ? `There are no containers in ${project}.` : 'Nothing written yet.'}</div>}
      />
      <div className="log-status" data-testid="log-status">
        {snap.following > 0 && <span className="log-status__live" aria-hidden="true" />}
        {snap.errors[0] ??
          `${snap.following > 0 ? `Following ${snap.following} of ${sources.length} containers · ` : ''}${shown.length.toLocaleString()} lines`}
      </div>
    </section>
  );
}
