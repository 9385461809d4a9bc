/**
 * The Logs tab of a container: the last lines first and new ones as they come, older lines as the user
 * scrolls up, a search over the whole log (run on the backend), and copy and download. Memory stays
 * bounded whatever the size of the log: only a window of lines is held and only the rows on screen drawn.
 */
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { messageOf, showToast } from '../../components/toasts/store';
import { useContainer } from '../containers/api';
import { plainText } from './ansi';
import { copyText } from '../../components/clipboard';
import { downloadLog } from './download';
import { LogActions } from './LogActions';
import { formatLogTime } from './LogRow';
import { LogSearchBar } from './LogSearchBar';
import { LogSession } from './log-session';
import type { LogSnapshot } from './log-session';
import { LogView } from './LogView';
import { SinceControl } from './SinceControl';
import { searchPattern } from '../../../../engine/contract/log-search-pattern';
import { SearchSession } from './search-session';
import type { SearchSnapshot } from './search-session';
import { useLogPreferences } from './store';
import { Placeholder } from '../../components/Placeholder';
import '../../styles/log-colours.css';
import './logs.css';

/** The lines as text, the way they are shown (times included when shown). */
export function linesAsText(lines: readonly { time: string; text: string }[], timestamps: boolean, prefix?: (i: number) => string): string {
  return lines.map((l, i) => `${prefix?.(i) ?? ''}${timestamps && l.time ? `${formatLogTime(l.time)} ` : ''}${plainText(l)}`).join('\n');
}

export async function copyLines(text: string, count: number): Promise<void> {
  try {
    await copyText(text);
    showToast({ tone: 'info', title: `Copied ${count.toLocaleString()} ${count === 1 ? 'line' : 'lines'}` });
  } catch (e) {
    showToast({ tone: 'error', title: 'Could not copy the lines', message: messageOf(e) });
  }
}

function searchStatus(s: SearchSnapshot): string {
  if (!s.query) return '';
  if (s.error) return s.error;
  const n = (x: number) => x.toLocaleString();
  if (!s.matches.length) return s.searching ? `Searching… ${n(s.scannedLines)} lines` : `No matches in ${n(s.scannedLines)} lines`;
  const match = s.matches[s.current];
  const line = match && s.totalLines !== undefined ? ` · line ${n(s.totalLines - match.fromEnd + 1)}` : '';
  const more = s.searching ? '+' : s.truncated ? ` (${n(s.matchCount)} in all)` : '';
  return `${n(s.current + 1)} of ${n(s.matches.length)}${more}${line}`;
}

function statusLine(snap: LogSnapshot, running: boolean): string {
  if (snap.error) return snap.error;
  if (snap.paused) return 'Following paused while you read older lines. Jump to latest to carry on.';
  const held = `${snap.lines.length.toLocaleString()} lines loaded`;
  if (snap.following) return `Following · ${held}`;
  if (!running && snap.atEnd) return `The container is not running · ${held}`;
  return held;
}

/**
 * `service`: the log of a swarm service instead (containerId is then the service's id): its tasks' lines
 * from every node, merged by the engine, in the same view.
 */
export function ContainerLogs({ containerId, service }: { containerId: string; service?: { name: string; running: boolean } }) {
  const { container, loaded } = useContainer(containerId);
  const source = service ? 'service' : undefined;
  const timestamps = useLogPreferences((s) => s.timestamps);
  const wrap = useLogPreferences((s) => s.wrap);
  const session = useMemo(() => new LogSession(containerId, source), [containerId, source]);
  const search = useMemo(() => new SearchSession(containerId, (m, around) => session.showMatch(m, around), source), [containerId, session, source]);
  const snap = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const found = useSyncExternalStore(search.subscribe, search.getSnapshot);
  const running = service ? service.running : container?.state === 'running';
  const name = service?.name ?? container?.name ?? containerId.slice(0, 12);

  useEffect(() => {
    session.open();
    return () => {
      session.dispose();
      search.dispose();
    };
  }, [session, search]);

  // A container started again after a stop writes on: carry on following it.
  useEffect(() => session.setRunning(running), [running, session]);

  const onSearch = useCallback((q: Parameters<SearchSession['search']>[0]) => search.search(q), [search]);
  const highlight = useMemo(() => (found.query ? searchPattern(found.query, true) : undefined), [found.query]);

  if (!service && loaded && !container) {
    return (
      <Placeholder role="alert" title="This container no longer exists">
        It was removed, so its logs went with it.
      </Placeholder>
    );
  }

  const activityNote = snap.activity === 'older' ? 'Loading older lines…' : snap.activity === 'jumping' ? 'Reading the lines around the match…' : undefined;
  return (
    <section className="container-logs" aria-label={`Logs of ${name}`} data-testid="container-logs">
      <div className="log-toolbar">
        <LogSearchBar
          label={`Search the log of ${name}`}
          placeholder="Search the whole log"
          onSearch={onSearch}
          onStep={(d) => search.step(d)}
          status={searchStatus(found)}
          searching={found.searching}
          canStep={found.matches.length > 0}
        />
        <div className="log-toolbar__end">
          <SinceControl since={snap.since} onSince={(time) => session.goToTime(time)} onLatest={() => session.jumpToLatest()} />
          <LogActions
            copyLabel="Copy the loaded lines"
            downloadLabel="Download the whole log"
            onCopy={() => void copyLines(linesAsText(snap.lines, timestamps), snap.lines.length)}
            onDownload={() => void downloadLog(containerId, name, timestamps, source)}
          />
        </div>
      </div>
      <LogView
        label={`Logs of ${name}`}
        lines={snap.lines}
        version={snap.version}
        timestamps={timestamps}
        wrap={wrap}
        highlight={highlight}
        focus={snap.focus}
        moreAbove={!snap.atStart}
        moreBelow={!snap.atEnd}
        onNearTop={() => session.loadOlder()}
        onNearBottom={() => session.loadNewer()}
        onPinnedChange={(pinned) => session.setPinned(pinned)}
        onJumpToLatest={() => session.jumpToLatest()}
        topNote={activityNote}
        bottomNote={snap.activity === 'newer' ? 'Loading newer lines…' : undefined}
        empty={
          snap.activity === 'opening' ? null : (
            <div className="log-view__empty">{running ? `${name} has not written anything yet.` : `${name} wrote nothing to its log.`}</div>
          )
        }
      />
      <div className={`log-status${snap.error ? ' log-status--error' : ''}`} data-testid="log-status" data-received={snap.received}>
        {snap.following && <span className="log-status__live" aria-hidden="true" />}
        {statusLine(snap, running)}
      </div>
    </section>
  );
}
