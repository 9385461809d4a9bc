/**
 * What a page or panel shows in place of its content: nothing there yet, nothing matching a search,
 * waiting, or a failure; a title, a sentence and what the user can do next.
 */
import type { ReactNode } from 'react';
import { Spinner } from './Spinner';
import { messageOf } from './toasts/store';

interface PlaceholderProps {
  icon?: ReactNode;
  title?: ReactNode;
  /** The sentence under the title. */
  children?: ReactNode;
  /** Buttons or links: the way out. */
  actions?: ReactNode;
  /** `status` while waiting, `alert` for a failure. */
  role?: 'status' | 'alert';
  testId?: string;
}

export function Placeholder({ icon, title, children, actions, role, testId }: PlaceholderProps) {
  return (
    <div className="placeholder" role={role} data-testid={testId}>
      {icon && <span className="placeholder__icon">{icon}</span>}
      {title !== undefined && <div className="placeholder__title">{title}</div>}
      {children !== undefined && <p>{children}</p>}
      {actions && <div className="placeholder__actions">{actions}</div>}
    </div>
  );
}

/** Waiting for something, with a spinner and what is awaited. */
export function Waiting({ text }: { text: ReactNode }) {
  return (
    <div className="placeholder" role="status">
      <Spinner />
      <p>{text}</p>
    </div>
  );
}

/** A list whose search matches nothing: what the search looks at, and a way to clear it. */
export function NoMatches({ what, search, hint, onClear }: { what: string; search: string; hint: string; onClear(): void }) {
  return (
    <Placeholder
      title={`No ${what} match “${search.trim()}”`}
      actions={
        <button type="button" className="button" onClick={onClear}>
          Clear search
        </button>
      }
    >
      {hint}
    </Placeholder>
  );
}

/** Reading something failed: what could not be read, the sentence of the failure, and "Try again". */
export function ReadFailed({ title, error, onRetry }: { title: string; error: unknown; onRetry(): unknown }) {
  return (
    <Placeholder
      role="alert"
      title={title}
      actions={
        <button type="button" className="button" onClick={() => void onRetry()}>
          Try again
        </button>
      }
    >
      {messageOf(error)}
    </Placeholder>
  );
}
