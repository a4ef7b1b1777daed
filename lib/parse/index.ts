// Tolerant parsers for what CRM pages show: money, dates and times, durations, day counts (ru/en/kz/uz).
export { parseMoney, type Money } from './money';
export { parseDateTime } from './dates';
export { parseDuration, parseDays } from './durations';
