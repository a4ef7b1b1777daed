// The floating progress widget on the CRM page: calls left · plan % · status; collapsible, draggable,
// remembers where it was put and whether it is switched off on this site.
import type { OverlayState } from '../../../lib/queries/overlay';

export const WIDGET_TAG = 'sales-pace-widget';

export interface WidgetPrefs {
  x: number | null;
  y: number | null;
  collapsed: boolean;
  hidden: boolean;
}

export const DEFAULT_WIDGET_PREFS: WidgetPrefs = { x: null, y: null, collapsed: false, hidden: false };

const COLORS: Record<OverlayState['status'], string> = { green: '#16a34a', amber: '#d97706', red: '#dc2626', grey: '#98a2b3' };

const STYLE = `
  :host { all: initial; position: fixed; z-index: 2147483000; right: 16px; bottom: 16px; }
  .w { display: flex; align-items: center; gap: 8px; font: 13px/1.3 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
       color: #1c2430; background: #fff; border: 1px solid #e6e8ec; border-radius: 18px; padding: 6px 8px 6px 10px;
       box-shadow: 0 4px 14px rgba(0,0,0,.12); cursor: grab; user-select: none; }
  .dot { width: 10px; height: 10px; border-radius: 50%; flex: none; }
  .text { white-space: nowrap; font-weight: 600; }
  button { all: unset; cursor: pointer; color: #667085; padding: 0 3px; font-size: 14px; line-height: 1; }
  button:focus-visible { outline: 2px solid #1d4ed8; border-radius: 3px; }
  .collapsed .text, .collapsed .close { display: none; }
`;

export interface Widget {
  update(state: OverlayState): void;
  /** Prefs changed elsewhere (the popup switched the widget back on). */
  setPrefs(prefs: WidgetPrefs): void;
  destroy(): void;
}

export function mountWidget(doc: Document, prefs: WidgetPrefs, save: (prefs: WidgetPrefs) => void, texts: { collapse: string; hide: string }): Widget {
  let current = { ...prefs };
  const host = doc.createElement(WIDGET_TAG);
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const box = doc.createElement('div');
  box.className = 'w';
  box.setAttribute('role', 'status');
  const dot = doc.createElement('span');
  dot.className = 'dot';
  const text = doc.createElement('span');
  text.className = 'text';
  const toggle = doc.createElement('button');
  toggle.type = 'button';
  toggle.title = texts.collapse;
  toggle.setAttribute('aria-label', texts.collapse);
  const close = doc.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.textContent = '×';
  close.title = texts.hide;
  close.setAttribute('aria-label', texts.hide);
  box.append(dot, text, toggle, close);
  root.append(style, box);

  const place = () => {
    box.classList.toggle('collapsed', current.collapsed);
    toggle.textContent = current.collapsed ? '▸' : '▾';
    host.style.display = current.hidden ? 'none' : '';
    if (current.x !== null && current.y !== null) {
      // Keep it on screen when the window got smaller since it was placed.
      host.style.left = `${Math.max(0, Math.min(current.x, window.innerWidth - 40))}px`;
      host.style.top = `${Math.max(0, Math.min(current.y, window.innerHeight - 30))}px`;
      host.style.right = 'auto';
      host.style.bottom = 'auto';
    }
  };
  const change = (patch: Partial<WidgetPrefs>) => {
    current = { ...current, ...patch };
    place();
    save(current);
  };
  toggle.addEventListener('click', () => change({ collapsed: !current.collapsed }));
  close.addEventListener('click', () => change({ hidden: true }));

  // Dragging with pointer events on our own element only: the CRM's drag and drop never sees them.
  box.addEventListener('pointerdown', (event) => {
    if (event.target !== box && event.target !== text && event.target !== dot) return;
    const rect = host.getBoundingClientRect();
    const dx = event.clientX - rect.left;
    const dy = event.clientY - rect.top;
    box.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => {
      current = { ...current, x: e.clientX - dx, y: e.clientY - dy };
      place();
    };
    const up = () => {
      box.removeEventListener('pointermove', move);
      box.removeEventListener('pointerup', up);
      save(current);
    };
    box.addEventListener('pointermove', move);
    box.addEventListener('pointerup', up);
  });

  doc.documentElement.append(host);
  place();
  return {
    update(state) {
      dot.style.background = COLORS[state.status];
      text.textContent = state.summary;
      box.title = state.summary;
      box.dataset.status = state.status;
    },
    setPrefs(prefs) {
      current = { ...prefs };
      place();
    },
    destroy: () => host.remove(),
  };
}
