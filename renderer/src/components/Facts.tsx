/** The parts of an "About" list of facts (a `<dl className="facts">`) that every resource page shares. */
import { formatKeyValues } from './KeyValueField';

/** A map (labels, driver options) as one fact, a key=value a line; nothing when it is empty. */
export function KeyValueFact({ term, values }: { term: string; values: Record<string, string> }) {
  if (!Object.keys(values).length) return null;
  return (
    <>
      <dt>{term}</dt>
      <dd className="mono facts__wrap">{formatKeyValues(values)}</dd>
    </>
  );
}

/** The resource as the engine reports it, folded away under the facts. */
export function RawJson({ raw }: { raw: string }) {
  return (
    <details className="raw-json">
      <summary>As the engine reports it</summary>
      <pre className="mono">{raw}</pre>
    </details>
  );
}
