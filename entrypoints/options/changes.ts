// What each options form does to the settings: pure functions Settings → Settings, one per kind of edit.
import type { KpiId, KpiTargets, RoleId, Settings } from '../../lib/settings';

/** A copy of the record without the key (the stored records may be frozen defaults). */
function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

/** null = no chosen role: the one the CRM position suggests applies again. */
export function withRole(settings: Settings, managerKey: string, role: RoleId | null): Settings {
  return { ...settings, roles: role === null ? without(settings.roles, managerKey) : { ...settings.roles, [managerKey]: role } };
}

/** null = back to the role's preset for that KPI; 0 switches it off. */
export function withTarget(settings: Settings, managerKey: string, kpi: KpiId, value: number | null): Settings {
  const current: KpiTargets = Object.hasOwn(settings.targetOverrides, managerKey) ? { ...settings.targetOverrides[managerKey] } : {};
  if (value === null) delete current[kpi];
  else current[kpi] = value;
  const others = without(settings.targetOverrides, managerKey);
  return { ...settings, targetOverrides: Object.keys(current).length === 0 ? others : { ...others, [managerKey]: current } };
}

/** Every override of the manager dropped: the role's preset applies as it is. */
export function withPresetTargets(settings: Settings, managerKey: string): Settings {
  return { ...settings, targetOverrides: without(settings.targetOverrides, managerKey) };
}

/** null = the default limit applies to the stage. */
export function withStageLimit(settings: Settings, stageKey: string, days: number | null): Settings {
  return { ...settings, stageLimitDays: days === null ? without(settings.stageLimitDays, stageKey) : { ...settings.stageLimitDays, [stageKey]: days } };
}
