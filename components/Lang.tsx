// The UI language for every component below it (settings can override the browser's).
import { createContext, useContext } from 'react';
import type { Lang } from '../lib/i18n';

export const LangContext = createContext<Lang>('en');

export function useLang(): Lang {
  return useContext(LangContext);
}
