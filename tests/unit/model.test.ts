import { describe, expect, it } from 'vitest';
import { recordKey } from '../../lib/model';

describe('recordKey', () => {
  it('keeps two accounts with the same CRM id apart', () => {
    expect(recordKey('https://a.amocrm.ru', '1')).not.toBe(recordKey('https://b.amocrm.ru', '1'));
  });
});
