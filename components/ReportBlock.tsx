// The end-of-day report as read-only text with a Copy button; if the browser refuses the clipboard, the text is selected instead.
import { useEffect, useRef, useState } from 'react';
import { t } from '../lib/i18n';
import { useLang } from './Lang';

type CopyState = 'idle' | 'copied' | 'blocked';

export function ReportBlock({ text, title }: { text: string; title: string }) {
  const lang = useLang();
  const area = useRef<HTMLTextAreaElement>(null);
  const [state, setState] = useState<CopyState>('idle');
  // A new text (another manager, a new minute's figures) is not what was copied.
  useEffect(() => setState('idle'), [text]);
  const selectAll = () => {
    area.current?.focus();
    area.current?.select();
  };
  const copy = () => {
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    if (!clipboard) {
      selectAll();
      setState('blocked');
      return;
    }
    clipboard.writeText(text).then(
      () => setState('copied'),
      () => {
        selectAll();
        setState('blocked');
      },
    );
  };
  return (
    <section className="section report" data-testid="report">
      <div className="report__head">
        <h2 id="report-title">{title}</h2>
        <button type="button" className="button" data-testid="report-copy" onClick={copy}>
          {t(lang, 'popup.copy')}
        </button>
      </div>
      <textarea
        ref={area}
        className="report__text"
        data-testid="report-text"
        aria-labelledby="report-title"
        readOnly
        value={text}
        rows={17}
        spellCheck={false}
      />
      <div className="report__status" role="status" data-testid="report-status" data-state={state}>
        {state === 'copied' ? `✓ ${t(lang, 'copied')}` : state === 'blocked' ? t(lang, 'popup.copyBlocked') : t(lang, 'popup.reportHint')}
      </div>
    </section>
  );
}
