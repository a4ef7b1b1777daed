// UI state only (which tab, whose day is open); never a copy of what lives in Dexie.
import { create } from 'zustand';

export type PopupTab = 'my-day' | 'week' | 'month' | 'team' | 'report';
export const POPUP_TABS: readonly PopupTab[] = ['my-day', 'week', 'month', 'team', 'report'];

export type TeamSortKey = 'status' | 'name' | 'calls' | 'conversations' | 'wonAmount' | 'stalled' | 'flags';
export const TEAM_SORT_KEYS: readonly TeamSortKey[] = ['status', 'name', 'calls', 'conversations', 'wonAmount', 'stalled', 'flags'];
export interface TeamSort {
  key: TeamSortKey;
  desc: boolean;
}

interface PopupState {
  /** null until the user picks one: the popup then opens Team for a head, My day for everyone else. */
  tab: PopupTab | null;
  /** The manager whose day is shown; null = the CRM user who is looking. */
  managerId: string | null;
  showAllStalled: boolean;
  /** How the Team table is sorted; kept while a manager's day is open, so "back" finds it as it was. */
  teamSort: TeamSort;
  setTab: (tab: PopupTab) => void;
  /** Opens a manager's day (from Team); null goes back to the user's own. */
  openManager: (managerId: string | null) => void;
  /** Leaves a manager's day for the Team table. */
  backToTeam: () => void;
  toggleStalled: () => void;
  sortTeam: (sort: TeamSort) => void;
}

export const usePopupStore = create<PopupState>((set) => ({
  tab: null,
  managerId: null,
  showAllStalled: false,
  teamSort: { key: 'status', desc: true },
  setTab: (tab) => set({ tab }),
  openManager: (managerId) => set({ managerId, tab: 'my-day', showAllStalled: false }),
  backToTeam: () => set({ managerId: null, tab: 'team', showAllStalled: false }),
  toggleStalled: () => set((state) => ({ showAllStalled: !state.showAllStalled })),
  sortTeam: (teamSort) => set({ teamSort }),
}));
