// UI state only (which tab, whose day is open); never a copy of what lives in Dexie.
import { create } from 'zustand';

export type PopupTab = 'my-day' | 'team';

interface PopupState {
  tab: PopupTab;
  /** The manager whose day is shown; null = the CRM user who is looking. */
  managerId: string | null;
  showAllStalled: boolean;
  setTab: (tab: PopupTab) => void;
  openManager: (managerId: string | null) => void;
  toggleStalled: () => void;
}

export const usePopupStore = create<PopupState>((set) => ({
  tab: 'my-day',
  managerId: null,
  showAllStalled: false,
  setTab: (tab) => set({ tab }),
  openManager: (managerId) => set({ managerId, tab: 'my-day', showAllStalled: false }),
  toggleStalled: () => set((state) => ({ showAllStalled: !state.showAllStalled })),
}));
