import './keys.css';

/** Keys to press, drawn as key caps: <Keys keys={['G', 'C']} /> reads "G then C", with `chord` "Ctrl plus K". */
export function Keys({ keys, chord }: { keys: string[]; chord?: boolean }) {
  return (
    <span className="keys">
      {keys.map((k, i) => (
        <kbd key={i} className="keys__key" aria-hidden="true">
          {k}
        </kbd>
      ))}
      <span className="visually-hidden">{keys.join(chord ? ' plus ' : ' then ')}</span>
    </span>
  );
}
