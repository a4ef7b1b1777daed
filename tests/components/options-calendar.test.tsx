// Options → Team: the working-day calendar: coming holidays, the user's own days off, managers' vacations.
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { form, IRINA, OLEG, renderOptions, seed, stored } from './options-fixture';

const addButton = (group: HTMLElement) => within(group).getByRole<HTMLButtonElement>('button', { name: 'Add' });

beforeEach(() => seed());

describe('Coming holidays', () => {
  it('lists the next five changes of the ordinary week, with the days off around them, and says which year has no decree yet', async () => {
    renderOptions();
    const holidays = await form('holidays');
    expect(within(holidays).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Thu, Dec 31, 2026 – Sun, Jan 10, 2027 · 11 days off *',
      'Tue, Feb 23, 2027 · 1 day off *',
      'Sat, Mar 6, 2027 – Mon, Mar 8, 2027 · 3 days off *',
      'Sat, May 1, 2027 – Mon, May 3, 2027 · 3 days off *',
      'Sat, May 8, 2027 – Mon, May 10, 2027 · 3 days off *',
    ]);
    expect(holidays.textContent).toContain('The decree moving days off in 2027 is not out yet');
  });

  it('speaks Russian dates', async () => {
    await seed({ language: 'ru' });
    renderOptions();
    const holidays = await form('holidays');
    expect(within(holidays).getAllByRole('listitem').map((item) => item.textContent?.split(' · ')[1])).toEqual([
      '11 выходных дней *',
      '1 выходной *',
      '3 выходных дня *',
      '3 выходных дня *',
      '3 выходных дня *',
    ]);
    expect(within(holidays).getAllByRole('listitem')[1]?.textContent).toBe('вт, 23 фев. 2027 · 1 выходной *');
  });
});

describe('Own days off', () => {
  it('adds days in order, refuses one twice and removes one', async () => {
    const user = renderOptions();
    const group = await form('days-off');
    expect(group.textContent).toContain('No days off of your own.');
    const day = within(group).getByLabelText('Day off');
    expect(addButton(group).disabled).toBe(true);
    await user.type(day, '2026-12-30');
    await user.click(addButton(group));
    await waitFor(async () => expect((await stored()).daysOff).toEqual(['2026-12-30']));
    expect((day as HTMLInputElement).value).toBe('');
    await user.type(day, '2026-12-28{Enter}');
    await waitFor(async () => expect((await stored()).daysOff).toEqual(['2026-12-28', '2026-12-30']));
    await waitFor(() => expect(within(group).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Mon, Dec 28, 2026✕', 'Wed, Dec 30, 2026✕']));

    await user.type(day, '2026-12-30');
    expect(within(group).getByRole('alert').textContent).toBe('This day is already in the list');
    expect(day.getAttribute('aria-invalid')).toBe('true');
    expect(addButton(group).disabled).toBe(true);

    await user.click(within(group).getByRole('button', { name: 'Remove the day off Mon, Dec 28, 2026' }));
    await waitFor(async () => expect((await stored()).daysOff).toEqual(['2026-12-30']));
    // The day is no longer a duplicate once it is gone, and the focus went to the item that is left.
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Remove the day off Wed, Dec 30, 2026');
  });
});

describe('Vacations', () => {
  it('refuses an end before the start and an overlap with the same manager, and saves the rest', async () => {
    await seed({ vacations: { [OLEG]: [{ from: '2026-12-10', to: '2026-12-20' }] } });
    const user = renderOptions();
    const group = await form('vacations');
    const manager = within(group).getByLabelText('Manager');
    const from = within(group).getByLabelText('First day');
    const to = within(group).getByLabelText('Last day');
    expect(within(group).getByTestId('vacation-list').textContent).toBe('Олег Петров · Thu, Dec 10, 2026 – Sun, Dec 20, 2026✕');

    await user.selectOptions(manager, 'Олег Петров');
    await user.type(from, '2026-12-28');
    await user.type(to, '2026-12-21');
    expect(within(group).getByRole('alert').textContent).toBe('Must not be before the first day');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(addButton(group).disabled).toBe(true);

    await user.clear(from);
    await user.type(from, '2026-12-15');
    expect(within(group).getByRole('alert').textContent).toBe('Overlaps the vacation Thu, Dec 10, 2026 – Sun, Dec 20, 2026');
    expect(addButton(group).disabled).toBe(true);

    // The same days are free for another manager.
    await user.selectOptions(manager, 'Ирина Ковалёва');
    expect(within(group).queryByRole('alert')).toBeNull();
    await user.click(addButton(group));
    await waitFor(async () => expect((await stored()).vacations[IRINA]).toEqual([{ from: '2026-12-15', to: '2026-12-21' }]));
    expect((from as HTMLInputElement).value).toBe('');

    await user.click(within(group).getByRole('button', { name: 'Remove the vacation Олег Петров · Thu, Dec 10, 2026 – Sun, Dec 20, 2026' }));
    await waitFor(async () => expect(Object.hasOwn((await stored()).vacations, OLEG)).toBe(false));
    await waitFor(() => expect(screen.getByTestId('vacation-list').textContent).toBe('Ирина Ковалёва · Tue, Dec 15, 2026 – Mon, Dec 21, 2026✕'));
  });

  it('keeps one manager’s vacations in date order', async () => {
    await seed({ vacations: { [OLEG]: [{ from: '2026-12-10', to: '2026-12-20' }] } });
    const user = renderOptions();
    const group = await form('vacations');
    await user.selectOptions(within(group).getByLabelText('Manager'), 'Олег Петров');
    await user.type(within(group).getByLabelText('First day'), '2026-08-03');
    await user.type(within(group).getByLabelText('Last day'), '2026-08-14{Enter}');
    await waitFor(async () =>
      expect((await stored()).vacations[OLEG]).toEqual([
        { from: '2026-08-03', to: '2026-08-14' },
        { from: '2026-12-10', to: '2026-12-20' },
      ]),
    );
  });
});
