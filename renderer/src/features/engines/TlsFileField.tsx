/** One of the three TLS files: chosen with the system dialog on the desktop, typed as a path on the Berth host in the browser. */
import { Field } from '../../components/FormDialog';
import { client } from '../../app/contract-client';
import { messageOf, showToast } from '../../components/toasts/store';

const WHAT = {
  ca: { label: 'CA certificate', file: 'ca.pem' },
  cert: { label: 'Client certificate', file: 'cert.pem' },
  key: { label: 'Client key', file: 'key.pem' },
} as const;

interface TlsFileFieldProps {
  which: keyof typeof WHAT;
  value: string;
  desktop: boolean;
  problem?: string;
  onChange(path: string): void;
}

export function TlsFileField({ which, value, desktop, problem, onChange }: TlsFileFieldProps) {
  const what = WHAT[which];
  const choose = async () => {
    try {
      const { path } = await client.call('files.choose', { kind: 'open', title: `Choose the ${what.label.toLowerCase()}`, filters: [{ name: 'PEM files', extensions: ['pem', 'crt', 'key', '*'] }] });
      if (path) onChange(path);
    } catch (e) {
      showToast({ tone: 'error', title: 'Could not open the file dialog', message: messageOf(e) });
    }
  };
  return (
    <div className="tls-file">
      <Field
        label={what.label}
        value={value}
        onChange={onChange}
        mono
        placeholder={`/home/me/.docker/certs/${what.file}`}
        hint={desktop ? undefined : 'A path on the machine Berth runs on.'}
        problem={problem}
      />
      {desktop && (
        <button type="button" className="button tls-file__choose" onClick={() => void choose()}>
          Choose…
        </button>
      )}
    </div>
  );
}
