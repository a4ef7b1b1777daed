// A plan-vs-fact bar coloured by pace status; the numbers beside it carry the meaning, not the colour alone.
import type { PaceStatus } from '../lib/metrics';

export function ProgressBar({ fact, plan, status, label }: { fact: number; plan: number; status: PaceStatus; label: string }) {
  const percent = plan > 0 ? Math.min(100, Math.round((fact / plan) * 100)) : 0;
  return (
    <div className="bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={plan} aria-valuenow={fact}>
      <div className={`bar__fill bar__fill--${status}`} style={{ width: `${percent}%` }} />
    </div>
  );
}
