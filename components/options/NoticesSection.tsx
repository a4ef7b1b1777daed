// Notices: what the toolbar icon counts, and opt-in browser notifications (asked for at the click that switches them on).
import { useCallback, useEffect, useState } from 'react';
import { t, type MessageKey } from '../../lib/i18n';
import { TOOLBAR_FIGURES, type NoticeSettings, type Settings, type ToolbarFigure } from '../../lib/settings';
import type { NoticeKind } from '../../lib/notices';
import { useLang } from '../Lang';
import '../../lib/i18n-options';

/** The browser's "notifications" permission; the extension asks for it only when the user switches notices on. */
export interface NotificationPermission {
  granted(): Promise<boolean>;
  /** Must be called straight from the click: browsers only show the prompt during a user gesture. */
  request(): Promise<boolean>;
}

export const browserNotificationPermission: NotificationPermission = {
  granted: () => browser.permissions.contains({ permissions: ['notifications'] }),
  request: () => browser.permissions.request({ permissions: ['notifications'] }),
};

const FIGURE_LABEL: Record<ToolbarFigure, MessageKey> = { calls: 'opt.notices.toolbarCalls', stalled: 'opt.notices.toolbarStalled' };
const KINDS: readonly NoticeKind[] = ['plan50', 'plan90', 'plan100', 'activityDrop'];
const KIND_LABEL: Record<NoticeKind, MessageKey> = {
  plan50: 'opt.notices.plan50',
  plan90: 'opt.notices.plan90',
  plan100: 'opt.notices.plan100',
  activityDrop: 'opt.notices.activityDrop',
};

export interface NoticesSectionProps {
  settings: Settings;
  save: (change: (current: Settings) => Settings) => void;
  permission?: NotificationPermission;
}

export function NoticesSection({ settings, save, permission = browserNotificationPermission }: NoticesSectionProps) {
  const lang = useLang();
  const { notices } = settings;
  const [granted, setGranted] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const setNotices = (patch: Partial<NoticeSettings>) => save((s) => ({ ...s, notices: { ...s.notices, ...patch } }));

  const check = useCallback(() => {
    permission.granted().then(setGranted, () => setGranted(false));
  }, [permission]);
  useEffect(check, [check]);

  const ask = (then: () => void) => {
    setProblem(null);
    // No await before this call: the prompt needs the click's user gesture.
    permission.request().then(
      (ok) => {
        setGranted(ok);
        if (ok) then();
        else setProblem(t(lang, 'opt.notices.declined'));
      },
      (error: unknown) => setProblem(t(lang, 'opt.notices.requestFailed', { error: error instanceof Error ? error.message : String(error) })),
    );
  };
  const toggle = (enabled: boolean) => {
    if (!enabled) {
      setProblem(null);
      setNotices({ enabled: false });
      return;
    }
    ask(() => setNotices({ enabled: true }));
  };

  return (
    <div data-testid="notices-settings">
      <fieldset className="opt-group" data-testid="toolbar-figure">
        <legend>{t(lang, 'opt.notices.toolbar')}</legend>
        {TOOLBAR_FIGURES.map((figure) => (
          <label key={figure} className="opt-radio">
            <input
              type="radio"
              name="toolbarFigure"
              value={figure}
              checked={settings.toolbarFigure === figure}
              onChange={() => save((s) => ({ ...s, toolbarFigure: figure }))}
            />
            <span>{t(lang, FIGURE_LABEL[figure])}</span>
          </label>
        ))}
      </fieldset>

      <fieldset className="opt-group">
        <legend>{t(lang, 'opt.notices.header')}</legend>
        <label className="opt-radio">
          <input type="checkbox" checked={notices.enabled} onChange={(event) => toggle(event.target.checked)} data-testid="notices-enabled" />
          <span>{t(lang, 'opt.notices.enable')}</span>
        </label>
        <p className="opt-hint">{t(lang, 'opt.notices.hint')}</p>
        {problem !== null && (
          <div className="notice notice--error opt-notices__notice" role="alert" data-testid="notices-problem">
            {problem}
          </div>
        )}
        {notices.enabled && granted === false && problem === null && (
          <div className="notice notice--warn opt-notices__notice" role="alert" data-testid="notices-not-granted">
            {t(lang, 'opt.notices.notGranted')}{' '}
            <button type="button" className="opt-button" onClick={() => ask(check)}>
              {t(lang, 'opt.notices.allow')}
            </button>
          </div>
        )}
        <fieldset className="opt-group opt-notices__kinds" disabled={!notices.enabled}>
          <legend>{t(lang, 'opt.notices.which')}</legend>
          {KINDS.map((kind) => (
            <label key={kind} className="opt-radio">
              <input type="checkbox" checked={notices[kind]} onChange={(event) => setNotices({ [kind]: event.target.checked })} data-testid={`notice-${kind}`} />
              <span>{t(lang, KIND_LABEL[kind])}</span>
            </label>
          ))}
        </fieldset>
      </fieldset>
    </div>
  );
}
