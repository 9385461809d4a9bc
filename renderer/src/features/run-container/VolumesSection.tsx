/** Named volumes (made when missing) and folders of this machine, mounted into the container. */
import { CloseIcon } from '../../components/icons';
import { fieldProps, Problems } from './Field';
import { useRunChoices } from './api';
import { ChooseFolderButton } from './ChooseFolderButton';
import type { VolumeRow } from './model/form';
import { emptyVolume } from './model/form';
import type { SectionProps } from './section';
import { removeAt, replaceAt } from './section';

export function VolumesSection({ form, change, problems }: SectionProps) {
  const volumes = useRunChoices('volumes');
  const set = (i: number, row: VolumeRow) => change((f) => ({ ...f, volumes: replaceAt(f.volumes, i, row) }));
  const add = (kind: VolumeRow['kind']) => change((f) => ({ ...f, volumes: [...f.volumes, emptyVolume(kind)] }));
  return (
    <section className="run-section" aria-labelledby="run-volumes-title">
      <div className="run-section__head">
        <h3 id="run-volumes-title">Volumes</h3>
        <button type="button" className="button button--quiet run-add" onClick={() => add('volume')}>
          + Add volume
        </button>
        <button type="button" className="button button--quiet run-add" onClick={() => add('bind')}>
          + Add folder
        </button>
      </div>
      {form.volumes.length > 0 && (
        <div className="run-rows" role="group" aria-label="Volumes and folders">
          <div className="run-row run-row--volumes run-row--head" aria-hidden="true">
            <span>Kind</span>
            <span>Volume or folder</span>
            <span />
            <span>Path in the container</span>
            <span>Read-only</span>
            <span />
          </div>
          {form.volumes.map((v, i) => {
            const n = i + 1;
            const at = (part: string) => `volumes.${i}.${part}`;
            return (
              <div key={i} className="run-row-wrap" data-testid="volume-row">
                <div className="run-row run-row--volumes">
                  <select className="select" aria-label={`Kind of mount ${n}`} value={v.kind} onChange={(e) => set(i, { ...v, kind: e.target.value as VolumeRow['kind'] })}>
                    <option value="volume">Volume</option>
                    <option value="bind">Folder</option>
                  </select>
                  <div className="run-row__source">
                    <input
                      {...fieldProps(at('source'), problems.byField.get(at('source')))}
                      className="text-input mono"
                      aria-label={v.kind === 'bind' ? `Folder on this machine for mount ${n}` : `Volume name for mount ${n}`}
                      placeholder={v.kind === 'bind' ? '/path/on/this/machine' : 'name (empty: a new unnamed volume)'}
                      list={v.kind === 'volume' ? 'run-volume-names' : undefined}
                      value={v.source}
                      spellCheck={false}
                      onChange={(e) => set(i, { ...v, source: e.target.value })}
                    />
                    {v.kind === 'bind' && <ChooseFolderButton label={`Choose the folder for mount ${n}`} onChosen={(source) => set(i, { ...v, source })} />}
                  </div>
                  <span className="run-row__arrow" aria-hidden="true">→</span>
                  <input
                    {...fieldProps(at('target'), problems.byField.get(at('target')))}
                    className="text-input mono"
                    aria-label={`Path in the container for mount ${n}`}
                    placeholder="/data"
                    value={v.target}
                    spellCheck={false}
                    onChange={(e) => set(i, { ...v, target: e.target.value })}
                  />
                  <label className="run-row__check">
                    <input type="checkbox" aria-label={`Mount ${n} read-only`} checked={v.readOnly} onChange={(e) => set(i, { ...v, readOnly: e.target.checked })} />
                  </label>
                  <button type="button" className="icon-button" aria-label={`Remove mount ${n}`} title="Remove" onClick={() => change((f) => ({ ...f, volumes: removeAt(f.volumes, i) }))}>
                    <CloseIcon />
                  </button>
                </div>
                <Problems field={at('source')} problems={problems.byField.get(at('source'))} />
                <Problems field={at('target')} problems={problems.byField.get(at('target'))} />
              </div>
            );
          })}
          <datalist id="run-volume-names">
            {volumes.data?.map((o) => <option key={o.name} value={o.name} />)}
          </datalist>
        </div>
      )}
    </section>
  );
}
