// Which role preset gives this manager their daily targets.
import { roleName, t } from '../lib/i18n';
import { ROLE_IDS, type RoleId } from '../lib/settings';
import { useLang } from './Lang';

export function RolePicker({ role, onChange }: { role: RoleId | null; onChange: (role: RoleId) => void }) {
  const lang = useLang();
  return (
    <label className="role">
      {/* Once chosen, the role names itself; the label stays for screen readers. */}
      <span className={role ? 'visually-hidden' : undefined}>{role ? t(lang, 'yourRole') : t(lang, 'chooseRole')}</span>
      <select
        data-testid="role-picker"
        value={role ?? ''}
        onChange={(event) => {
          const next = ROLE_IDS.find((id) => id === event.target.value);
          if (next) onChange(next);
        }}
      >
        {role === null && <option value="">—</option>}
        {ROLE_IDS.map((id) => (
          <option key={id} value={id}>
            {roleName(lang, id)}
          </option>
        ))}
      </select>
    </label>
  );
}
