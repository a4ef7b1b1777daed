// The options page's sections, as a list of buttons; the current one is marked for screen readers too.
import { t, type MessageKey } from '../../lib/i18n';
import { useLang } from '../Lang';
import '../../lib/i18n-options';

export const SECTIONS = ['team', 'stages', 'sites', 'notices', 'data', 'language'] as const;
export type SectionId = (typeof SECTIONS)[number];

const LABEL: Record<SectionId, MessageKey> = {
  team: 'opt.nav.team',
  stages: 'opt.nav.stages',
  sites: 'opt.nav.sites',
  notices: 'opt.nav.notices',
  data: 'opt.nav.data',
  language: 'opt.nav.language',
};

export function sectionLabel(section: SectionId): MessageKey {
  return LABEL[section];
}

export function OptionsNav({ current, onSelect }: { current: SectionId; onSelect: (section: SectionId) => void }) {
  const lang = useLang();
  return (
    <nav className="opt-nav" aria-label={t(lang, 'settings')}>
      <ul>
        {SECTIONS.map((section) => (
          <li key={section}>
            <button type="button" data-section={section} aria-current={section === current ? 'page' : undefined} onClick={() => onSelect(section)}>
              {t(lang, LABEL[section])}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
