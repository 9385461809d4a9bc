/** Preferences: how Berth starts, closes, looks and notifies, the log view's limit, the managed engine. */
import type { ReactNode } from 'react';
import { PREFERENCE_LIMITS } from '../../../../engine/contract/preferences-types';
import type { PreferencesChange } from '../../../../engine/contract/preferences-types';
import { useAppInfo } from '../app-info/api';
import { usePreferences, useSetPreferences } from './api';
import { Choice, NumberSetting, Section, Switch } from './controls';
import { ManagedEngineSection } from './ManagedEngineSection';
import { Page } from '../../components/Page';
import { ReadFailed, Waiting } from '../../components/Placeholder';
import './preferences.css';

export function PreferencesPage() {
  const preferences = usePreferences();
  const mode = useAppInfo().data?.mode;
  // A browser window has no tray and is not started at login: those settings are the desktop app's.
  const desktopOnly = mode === 'browser';
  const { mutate } = useSetPreferences();
  const set = (change: PreferencesChange) => mutate(change);
  const p = preferences.data;

  let body: ReactNode;
  if (preferences.isError) {
    body = <ReadFailed title="Could not load your preferences" error={preferences.error} onRetry={preferences.refetch} />;
  } else if (!p) {
    body = <Waiting text="Loading your preferences…" />;
  } else {
    body = (
      <div className="preferences">
        <Section title="Appearance">
          <Choice
            label="Theme"
            description="System follows your computer’s light or dark setting."
            value={p.theme}
            options={[
              { value: 'system', label: 'System' },
              { value: 'light', label: 'Light' },
              { value: 'dark', label: 'Dark' },
            ]}
            onChange={(theme) => set({ theme })}
            testId="preference-theme"
          />
        </Section>

        <Section title="Starting and closing" note={desktopOnly ? 'These belong to the desktop app and are set there: Berth in a browser has no tray and does not start at login.' : undefined}>
          <Switch label="Start Berth when you log in" checked={p.openAtLogin} onChange={(openAtLogin) => set({ openAtLogin })} testId="preference-login" disabled={desktopOnly} />
          <Choice
            label="When Berth starts"
            description="In the tray, Berth looks after your engine without a window until you open it from the tray."
            value={p.startIn}
            options={[
              { value: 'window', label: 'Open the window' },
              { value: 'tray', label: 'Stay in the tray' },
            ]}
            onChange={(startIn) => set({ startIn })}
            disabled={desktopOnly}
          />
          <Choice
            label="Closing the window"
            description={p.closeWindow === 'quit' ? 'Quitting Berth then applies the choice below to the engine it started.' : 'Berth keeps running in the tray; Quit is in the tray menu.'}
            value={p.closeWindow}
            options={[
              { value: 'hide', label: 'Keeps Berth in the tray' },
              { value: 'quit', label: 'Quits Berth' },
            ]}
            onChange={(closeWindow) => set({ closeWindow })}
            disabled={desktopOnly}
          />
        </Section>

        <Section title="Quitting">
          <Choice
            label="When Berth quits, the engine it started"
            description="Berth’s managed engine, or its VM, when this Berth (the app, or Berth in a browser) quits. An engine that other Berth windows still use keeps running either way, and an engine Berth did not start is never stopped."
            value={p.engineOnQuit}
            options={[
              { value: 'stop', label: 'Stops, with its containers' },
              { value: 'keep-running', label: 'Keeps running' },
            ]}
            onChange={(engineOnQuit) => set({ engineOnQuit })}
            testId="preference-engine-on-quit"
          />
        </Section>

        <Section title="Notifications">
          <Switch
            label="Desktop notifications"
            description="When long work finishes, such as a pull or a build, and when an action from the tray fails."
            checked={p.notifications}
            onChange={(notifications) => set({ notifications })}
            testId="preference-notifications"
          />
        </Section>

        <Section title="Logs">
          <NumberSetting
            label="Lines kept in the log view"
            description="Older lines drop off the top; the container’s own log is not affected."
            value={p.logLineLimit}
            limit={PREFERENCE_LIMITS.logLineLimit}
            unit="lines"
            onChange={(logLineLimit) => set({ logLineLimit })}
            testId="preference-log-lines"
          />
        </Section>

        <ManagedEngineSection preferences={p.managedEngine} onChange={(managedEngine) => set({ managedEngine })} />
      </div>
    );
  }

  return (
    <Page titleId="preferences-title" title="Preferences" meta="Changes apply as you make them" testId="preferences-page">
      {body}
    </Page>
  );
}
