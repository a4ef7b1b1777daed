// The popup says it clearly when the local database is full or refused, instead of going blank.
import { render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/popup/App';
import { db } from '../../lib/db';
import { STORAGE_ERROR_KEY } from '../../lib/storage-health';

beforeEach(async () => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
  await Promise.all(db.tables.map((table) => table.clear()));
});

describe('storage failures', () => {
  it('shows a failure to store kept by the background, with what the browser said', async () => {
    await fakeBrowser.storage.local.set({ [STORAGE_ERROR_KEY]: { at: 1, name: 'QuotaExceededError', message: 'The quota has been exceeded.' } });
    render(<App now={new Date(2026, 10, 18, 15, 30)} />);
    const notice = await screen.findByTestId('storage-error');
    expect(notice.textContent).toContain('QuotaExceededError: The quota has been exceeded.');
    expect(notice.textContent).toContain('Everything saved before is kept');
  });

  it('says the database is unavailable when reading it fails', async () => {
    vi.spyOn(db.accounts, 'orderBy').mockImplementation(() => {
      throw Object.assign(new Error('IndexedDB is blocked'), { name: 'DatabaseClosedError' });
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(<App now={new Date(2026, 10, 18, 15, 30)} />);
    expect((await screen.findByTestId('storage-error')).textContent).toContain('DatabaseClosedError: IndexedDB is blocked');
  });
});
