// The extension's clock. Real time, except in the `e2e` build, where a test can pin it for the content
// script and the service worker (Playwright's clock reaches only page worlds). Production builds
// compile the test branch away.
export const PINNED_NOW_KEY = 'e2e:now';

export async function currentTime(): Promise<Date> {
  if (import.meta.env.MODE === 'e2e') {
    const pinned = (await browser.storage.local.get(PINNED_NOW_KEY))[PINNED_NOW_KEY];
    if (typeof pinned === 'number') return new Date(pinned);
  }
  return new Date();
}
