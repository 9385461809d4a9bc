/**
 * A page as every page in Berth is laid out: a header with the title (after the way back, on a page
 * inside another), a short count or state, the page's tools; then its body, and the dialogs it opens.
 */
import type { ReactNode } from 'react';
import './page.css';

interface PageProps {
  /** The title's id, which names the page for screen readers. */
  titleId: string;
  title: ReactNode;
  titleClassName?: string;
  /** The title's tooltip, where it may be cut short. */
  titleHint?: string;
  /** The page this one sits in: a link back, then a separator. */
  back?: { href: string; label: string };
  /** A short count or state next to the title. */
  meta?: ReactNode;
  metaTestId?: string;
  tools?: ReactNode;
  /** Under the header, above the body (a bulk-action bar). */
  bar?: ReactNode;
  className?: string;
  testId?: string;
  bodyClassName?: string;
  /** Dialogs the page opens, outside its body. */
  dialogs?: ReactNode;
  children: ReactNode;
}

export function Page({ titleId, title, titleClassName, titleHint, back, meta, metaTestId, tools, bar, className, testId, bodyClassName, dialogs, children }: PageProps) {
  return (
    <section className={className ? `page ${className}` : 'page'} aria-labelledby={titleId} data-testid={testId}>
      <header className="page-header">
        <div className="page-header__title">
          {back && (
            <>
              <a className="page-header__back" href={back.href}>
                {back.label}
              </a>
              <span className="page-header__sep" aria-hidden="true">
                /
              </span>
            </>
          )}
          <h1 id={titleId} className={titleClassName} title={titleHint}>
            {title}
          </h1>
          {meta != null && meta !== false && meta !== '' && (
            <span className="page-header__meta" data-testid={metaTestId}>
              {meta}
            </span>
          )}
        </div>
        {tools && <div className="page-header__tools">{tools}</div>}
      </header>
      {bar}
      <div className={bodyClassName ? `page-body ${bodyClassName}` : 'page-body'}>{children}</div>
      {dialogs}
    </section>
  );
}
