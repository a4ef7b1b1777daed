// The instant the real-browser tests and the README screenshots are pinned to: a Wednesday afternoon (local time).
export const PINNED_NOW = new Date(2026, 10, 18, 15, 30, 0);
