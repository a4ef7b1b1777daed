// Language: follow the browser, or pick Russian or English.
import { t } from '../../lib/i18n';
import { LANGUAGES, type Language } from '../../lib/settings';
import { useLang } from '../Lang';
import '../../lib/i18n-options';

export function LanguageSection({ language, onChange }: { language: Language; onChange: (language: Language) => void }) {
  const lang = useLang();
  // Each language names itself, so a person who cannot read the current one still finds theirs.
  const label: Record<Language, string> = { auto: t(lang, 'opt.lang.auto'), ru: 'Русский', en: 'English' };
  return (
    <fieldset className="opt-group" data-testid="language-settings">
      <legend>{t(lang, 'opt.lang.header')}</legend>
      {LANGUAGES.map((value) => (
        <label key={value} className="opt-radio">
          <input type="radio" name="language" value={value} checked={language === value} onChange={() => onChange(value)} />
          <span lang={value === 'auto' ? undefined : value}>{label[value]}</span>
        </label>
      ))}
    </fieldset>
  );
}
