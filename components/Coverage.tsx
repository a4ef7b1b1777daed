// What the figures rest on ("based on 212 deals, 1 CRM") and a plain warning when that is too little to trust.
import { t, tPlural } from '../lib/i18n';
import { useLang } from './Lang';

export function Coverage({ deals, activities, crms, tooLittle }: { deals: number; activities: number; crms: number; tooLittle: readonly string[] }) {
  const lang = useLang();
  return (
    <div className="section coverage" data-testid="based-on" data-deals={deals} data-too-little={tooLittle.length > 0}>
      <div>
        {tPlural(lang, 'basedOnDeals', deals)}, {tPlural(lang, 'basedOnActivities', activities)}, {tPlural(lang, 'popup.basedOnCrms', crms)}
      </div>
      {tooLittle.length > 0 && (
        <div className="coverage__warn" data-testid="too-little-data" role="note">
          ⚠ {t(lang, 'popup.tooLittle', { what: tooLittle.join(', ') })}
        </div>
      )}
    </div>
  );
}
