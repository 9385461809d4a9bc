/**
 * The tabs of a details page. Each tab is a link (`#/containers/<id>/<tab>`), so any tab can be opened
 * from an address, kept in history and opened in a new window; arrow keys move between them.
 */
import type { KeyboardEvent } from 'react';
import { href } from '../../app/router';

export interface TabDef {
  id: string;
  label: string;
}

export function DetailTabs({ containerId, tabs, current }: { containerId: string; tabs: TabDef[]; current: string }) {
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const links = [...e.currentTarget.querySelectorAll<HTMLAnchorElement>('[role="tab"]')];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = (at + 1) % links.length;
    else if (e.key === 'ArrowLeft') next = (at - 1 + links.length) % links.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = links.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    links[next]?.focus();
    links[next]?.click();
  };
  return (
    <nav className="detail-tabs" role="tablist" aria-label="Container details" onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <a
          key={t.id}
          role="tab"
          id={`tab-${t.id}`}
          className="detail-tab"
          href={href('container', { id: containerId, tab: t.id })}
          aria-selected={t.id === current}
          aria-controls="detail-panel"
          tabIndex={t.id === current ? 0 : -1}
        >
          {t.label}
        </a>
      ))}
    </nav>
  );
}
