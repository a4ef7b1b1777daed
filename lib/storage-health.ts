// A failure to store (disk full, IndexedDB unavailable) is kept outside IndexedDB, so the popup can say it.
export const STORAGE_ERROR_KEY = 'storageError';

export interface StorageError {
  at: number;
  name: string;
  message: string;
}

export function isStorageError(value: unknown): value is StorageError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.at === 'number' && typeof v.name === 'string' && typeof v.message === 'string';
}
