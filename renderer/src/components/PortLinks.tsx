import type { MouseEvent } from 'react';
import type { ContainerSummary } from '../../../engine/contract/types';
import { ExternalIcon } from './icons';

/** Opens in a new browser tab, or in the system browser from the desktop app (which turns window.open into that). */
function openInBrowser(e: MouseEvent<HTMLAnchorElement>, url: string): void {
  e.preventDefault();
  window.open(url, '_blank', 'noopener');
}

/** Published ports: TCP ones link to localhost, the others are listed as text. */
export function PortLinks({ container }: { container: ContainerSummary }) {
  const published = container.ports.filter((p) => p.publicPort !== undefined);
  if (!published.length) return <span className="muted">—</span>;
  return (
    <span className="ports">
      {published.map((p) => {
        const text = `${p.publicPort}:${p.privatePort}`;
        if (p.type !== 'tcp') {
          return (
            <span key={`${text}/${p.type}`} className="port" title={`${p.type.toUpperCase()} port ${p.publicPort} on this machine`}>
              {text}/{p.type}
            </span>
          );
        }
        const url = `http://localhost:${p.publicPort}`;
        return (
          <a
            key={text}
            className="port port--link"
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            title={`Open ${url}`}
            aria-label={`Open ${url} (${container.name} port ${p.privatePort})`}
            onClick={(e) => openInBrowser(e, url)}
          >
            {text}
            <ExternalIcon />
          </a>
        );
      })}
    </span>
  );
}
