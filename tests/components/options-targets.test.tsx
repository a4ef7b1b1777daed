// Options → Team: targets by weekday and per week / month, for a role or one manager; what an empty cell falls back to.
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { form, IRINA, OLEG, renderOptions, seed, stored } from './options-fixture';

const saveButton = (group: HTMLElement) => within(group).getByRole<HTMLButtonElement>('button', { name: 'Save' });

beforeEach(() => seed());

describe('Targets by weekday', () => {
  it("shows a role's inherited figures as placeholders and saves its everyday and weekday targets", async () => {
    const user = renderOptions();
    const grid = await form('weekday-targets');
    expect(within(grid).getByRole('heading').textContent).toBe('By weekday: Cold caller');
    const monday = within(grid).getByLabelText<HTMLInputElement>('Calls, Monday');
    expect(monday.placeholder).toBe('80');
    expect(within(grid).getByLabelText<HTMLInputElement>('Meetings, Every day').placeholder).toBe('off');
    expect(saveButton(grid).disabled).toBe(true);

    // A weekday falls back to the role's everyday column as it is being typed.
    await user.type(within(grid).getByLabelText('Calls, Every day'), '60');
    expect(monday.placeholder).toBe('60');
    await user.type(within(grid).getByLabelText('Calls, Friday'), '40');
    await user.type(within(grid).getByLabelText('Talk time, Friday'), '30');
    expect(within(grid).getByText('Not saved yet')).toBeTruthy();
    await user.click(saveButton(grid));
    await waitFor(async () =>
      expect((await stored()).roleTargets.cold_caller).toEqual({ daily: { calls: 60 }, weekdays: { fri: { calls: 40, talkTime: 1800 } } }),
    );
    await waitFor(() => expect(saveButton(grid).disabled).toBe(true));
    expect(within(grid).queryByText('Not saved yet')).toBeNull();
  });

  it('refuses what is not a target, next to the cell, and keeps Save disabled', async () => {
    const user = renderOptions();
    const grid = await form('weekday-targets');
    const cell = within(grid).getByLabelText('Calls, Tuesday');
    await user.type(cell, '-1');
    expect(within(grid).getByRole('alert').textContent).toBe('At least 0');
    expect(cell.getAttribute('aria-invalid')).toBe('true');
    expect(cell.getAttribute('aria-describedby')).toBe(within(grid).getByRole('alert').id);
    expect(saveButton(grid).disabled).toBe(true);
    await user.clear(cell);
    await user.type(cell, 'many');
    expect(within(grid).getByRole('alert').textContent).toBe('Enter a number');
    await user.clear(cell);
    await user.type(cell, '2.5');
    expect(within(grid).getByRole('alert').textContent).toBe('Enter a whole number');
    // Enter submits the form, but not an invalid one.
    await user.type(cell, '{Enter}');
    expect(Object.hasOwn((await stored()).roleTargets, 'cold_caller')).toBe(false);
    await user.clear(cell);
    expect(within(grid).queryByRole('alert')).toBeNull();
  });

  it("edits one manager's weekdays over their daily overrides, and clears them", async () => {
    await seed({ targetOverrides: { [IRINA]: { calls: 50 } }, weekdayTargetOverrides: { [IRINA]: { sat: { calls: 10 } } } });
    const user = renderOptions();
    await user.selectOptions(await screen.findByLabelText('Targets of'), 'Ирина Ковалёва');
    const grid = await form('weekday-targets');
    expect(within(grid).getByRole('heading').textContent).toBe('By weekday: Ирина Ковалёва');
    // A manager's everyday targets are on their card: the grid has the seven days only.
    expect(within(grid).queryByLabelText('Calls, Every day')).toBeNull();
    expect(within(grid).getByLabelText<HTMLInputElement>('Calls, Monday').placeholder).toBe('50');
    expect(within(grid).getByLabelText<HTMLInputElement>('Calls, Saturday').value).toBe('10');
    await user.type(within(grid).getByLabelText('Calls, Monday'), '0');
    await user.click(saveButton(grid));
    await waitFor(async () => expect((await stored()).weekdayTargetOverrides[IRINA]).toEqual({ mon: { calls: 0 }, sat: { calls: 10 } }));

    await user.click(within(grid).getByRole('button', { name: 'Clear all' }));
    await waitFor(async () => expect(Object.hasOwn((await stored()).weekdayTargetOverrides, IRINA)).toBe(false));
    expect(within(grid).getByLabelText<HTMLInputElement>('Calls, Saturday').value).toBe('');
    await waitFor(() => expect(within(grid).getByRole<HTMLButtonElement>('button', { name: 'Clear all' }).disabled).toBe(true));
  });
});

describe('Week and month targets', () => {
  it('shows the figure derived over the working days and saves a direct one', async () => {
    const user = renderOptions();
    const grid = await form('period-targets');
    const week = within(grid).getByLabelText<HTMLInputElement>('Calls, Week');
    expect(week.placeholder).toBe('400');
    expect(document.getElementById(week.getAttribute('aria-describedby') ?? '')?.textContent).toBe('derived: 400 over 5 working days');
    const month = within(grid).getByLabelText('Calls, Month');
    expect(document.getElementById(month.getAttribute('aria-describedby') ?? '')?.textContent).toBe('derived: 1,600 over 20 working days');
    expect(within(grid).getByText('derived: 20 h 00 min over 20 working days')).toBeTruthy();

    await user.type(month, '1500');
    await user.click(saveButton(grid));
    await waitFor(async () => expect((await stored()).roleTargets.cold_caller).toEqual({ month: { calls: 1500 } }));

    // Oleg is a cold caller by his position: his month now takes the role's target.
    await user.selectOptions(screen.getByLabelText('Targets of'), 'Олег Петров');
    const oleg = await form('period-targets');
    expect(await within(oleg).findByText("the role's target: 1,500")).toBeTruthy();
    await user.type(within(oleg).getByLabelText('Calls, Week'), '350');
    await user.click(saveButton(oleg));
    await waitFor(async () => expect((await stored()).periodTargetOverrides[OLEG]).toEqual({ week: { calls: 350 } }));
  });

  it('refuses a figure above a month of daily maximums, and resets to derived', async () => {
    await seed({ periodTargetOverrides: { [IRINA]: { month: { calls: 900 } } } });
    const user = renderOptions();
    await user.selectOptions(await screen.findByLabelText('Targets of'), 'Ирина Ковалёва');
    const grid = await form('period-targets');
    const month = within(grid).getByLabelText<HTMLInputElement>('Calls, Month');
    expect(month.value).toBe('900');
    await user.clear(month);
    await user.type(month, '40000');
    expect(within(grid).getByRole('alert').textContent).toBe('At most 31,000');
    expect(saveButton(grid).disabled).toBe(true);
    await user.click(within(grid).getByRole('button', { name: 'Clear all' }));
    await waitFor(async () => expect(Object.hasOwn((await stored()).periodTargetOverrides, IRINA)).toBe(false));
    expect(month.value).toBe('');
    expect(month.placeholder).toBe('1600');
  });
});

describe('Targets in Russian', () => {
  it('words the derived figure with the right plural', async () => {
    await seed({ language: 'ru' });
    renderOptions();
    const grid = await form('period-targets');
    expect(within(grid).getByText('из дневных: 400 за 5 рабочих дней')).toBeTruthy();
    expect(within(grid).getByLabelText('Звонки, Неделя')).toBeTruthy();
    expect(within(await form('weekday-targets')).getByLabelText('Звонки, понедельник')).toBeTruthy();
  });
});
