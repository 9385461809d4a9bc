/** Which engine Berth uses, the others it found, and Berth's own managed engine. */
import { useState } from 'react';
import { RefreshIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { AddEngineDialog } from './AddEngineDialog';
import { useEngineOverview } from './remote-api';
import { CurrentEngine } from './CurrentEngine';
import { EngineList } from './EngineList';
import { ManagedEnginePanel } from './ManagedEnginePanel';
import { Page } from '../../components/Page';
import './engines.css';

export function EnginesPage() {
  const list = useEngineOverview();
  const [adding, setAdding] = useState(false);
  return (
    <Page
      titleId="engines-title"
      title="Engines"
      bodyClassName="engines"
      dialogs={adding && <AddEngineDialog onClose={() => setAdding(false)} />}
    >
      <section className="engines__section" aria-labelledby="in-use-title">
        <h2 id="in-use-title" className="section-title">
          In use
        </h2>
        <CurrentEngine />
      </section>
      <section className="engines__section" aria-labelledby="found-title">
        <div className="section-header">
          <h2 id="found-title" className="section-title">
            Available engines
          </h2>
          <div className="section-header__actions">
            <button type="button" className="button button--quiet" aria-label="Refresh engines" disabled={list.isFetching} onClick={() => void list.refetch()}>
              {list.isFetching ? <Spinner /> : <RefreshIcon />}
              Refresh
            </button>
            <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
              Add engine…
            </button>
          </div>
        </div>
        <EngineList />
      </section>
      <section className="engines__section" aria-label="Managed engine">
        <ManagedEnginePanel />
      </section>
    </Page>
  );
}
