// Options → Stages: suggested stage limits from our own deals, the stalled rule, and lost deals worth another try.
import { waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RECOVERABLE_LOSS_REASONS } from '../../lib/settings';
import { form, renderOptions, seed, STAGE_OFFER, STAGE_TALKS, stored } from './options-fixture';

const button = (group: HTMLElement, name: string) => within(group).getByRole<HTMLButtonElement>('button', { name });

beforeEach(() => seed());

describe('Suggested stage limits', () => {
  it('suggests a limit from the open deals in the stage and uses it on request; too few deals say so', async () => {
    const user = renderOptions('stages');
    const offer = await form(`stage-suggestion-${STAGE_OFFER}`);
    expect(offer.textContent).toBe('suggested: 8 (from 6 deals)Use');
    expect((await form(`stage-suggestion-${STAGE_TALKS}`)).textContent).toBe('not enough data: 0 open deals, 5 needed');
    await user.click(button(offer, 'Use 8 for «КП отправлено»'));
    await waitFor(async () => expect((await stored()).stageLimitDays).toEqual({ [STAGE_OFFER]: 8 }));
    await waitFor(async () => expect((await form(`stage-limit-${STAGE_OFFER}`)).getAttribute('value')).toBe('8'));
    expect(button(offer, 'Use 8 for «КП отправлено»').disabled).toBe(true);
  });

  it('words the deal count in Russian', async () => {
    await seed({ language: 'ru' });
    renderOptions('stages');
    expect((await form(`stage-suggestion-${STAGE_OFFER}`)).textContent).toBe('предложено: 8 (по 6 сделкам)Принять');
    expect((await form(`stage-suggestion-${STAGE_TALKS}`)).textContent).toBe('мало данных: 0 открытых сделок, нужно 5');
  });
});

describe('Stalled rule', () => {
  it('refuses days of silence outside 1..90 and saves the rule with the no-next-task choice', async () => {
    const user = renderOptions('stages');
    const rule = await form('stalled-rule');
    const days = within(rule).getByLabelText('No activity for more than');
    expect((days as HTMLInputElement).value).toBe('5');
    expect(button(rule, 'Save').disabled).toBe(true);
    expect(button(rule, 'Reset to default').disabled).toBe(true);
    await user.clear(days);
    expect(within(rule).getByRole('alert').textContent).toBe('Required');
    await user.type(days, '0');
    expect(within(rule).getByRole('alert').textContent).toBe('At least 1');
    expect(days.getAttribute('aria-invalid')).toBe('true');
    expect(button(rule, 'Save').disabled).toBe(true);
    await user.clear(days);
    await user.type(days, '91');
    expect(within(rule).getByRole('alert').textContent).toBe('At most 90');
    await user.clear(days);
    await user.type(days, '10');
    await user.click(within(rule).getByLabelText('A deal without a next task is stalled too'));
    await user.click(button(rule, 'Save'));
    await waitFor(async () => expect((await stored()).stalledRule).toEqual({ noActivityDays: 10, noNextTaskStalls: true }));

    await user.click(button(rule, 'Reset to default'));
    await waitFor(async () => expect((await stored()).stalledRule).toEqual({ noActivityDays: 5, noNextTaskStalls: false }));
    expect((days as HTMLInputElement).value).toBe('5');
    expect(within(rule).getByLabelText<HTMLInputElement>('A deal without a next task is stalled too').checked).toBe(false);
  });
});

describe('Lost deals worth another try', () => {
  it('saves how recent a loss must be, within 1..365 days, and resets it', async () => {
    await seed({ recoverWithinDays: 45 });
    const user = renderOptions('stages');
    const lost = await form('lost-deals');
    const days = within(lost).getByLabelText('Lost within the last');
    await waitFor(() => expect((days as HTMLInputElement).value).toBe('45'));
    await user.clear(days);
    await user.type(days, '400');
    expect(within(lost).getByRole('alert').textContent).toBe('At most 365');
    expect(button(lost, 'Save').disabled).toBe(true);
    await user.clear(days);
    await user.type(days, '60{Enter}');
    await waitFor(async () => expect((await stored()).recoverWithinDays).toBe(60));
    await user.click(button(lost, 'Reset to default'));
    await waitFor(async () => expect((await stored()).recoverWithinDays).toBe(30));
  });

  it('adds a reason trimmed, refuses one already listed in another case, removes one and restores the defaults', async () => {
    const user = renderOptions('stages');
    const lost = await form('lost-deals');
    const reason = within(lost).getByLabelText('Loss reason');
    const add = button(lost, 'Add');
    expect(add.disabled).toBe(true);
    expect(button(lost, 'Restore the default reasons').disabled).toBe(true);

    await user.type(reason, '  Ушли к   конкуренту ');
    await user.click(add);
    await waitFor(async () => expect((await stored()).recoverableLossReasons).toEqual([...DEFAULT_RECOVERABLE_LOSS_REASONS, 'Ушли к конкуренту']));
    expect((reason as HTMLInputElement).value).toBe('');

    await user.type(reason, 'НЕТ БЮДЖЕТА');
    expect(within(lost).getByRole('alert').textContent).toBe('Already in the list as «Нет бюджета»');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(add.disabled).toBe(true);
    await user.clear(reason);
    await user.type(reason, 'x'.repeat(101));
    expect(within(lost).getByRole('alert').textContent).toBe('At most 100 characters');
    await user.clear(reason);

    await user.click(button(lost, 'Remove «Дорого»'));
    await waitFor(async () => expect((await stored()).recoverableLossReasons).not.toContain('Дорого'));
    await waitFor(() => expect(button(lost, 'Restore the default reasons').disabled).toBe(false));
    await user.click(button(lost, 'Restore the default reasons'));
    await waitFor(async () => expect((await stored()).recoverableLossReasons).toEqual([...DEFAULT_RECOVERABLE_LOSS_REASONS]));
  });

  it('keeps an emptied list empty: no lost deal is suggested', async () => {
    await seed({ recoverableLossReasons: ['Дорого'] });
    const user = renderOptions('stages');
    const lost = await form('lost-deals');
    await user.click(button(lost, 'Remove «Дорого»'));
    await waitFor(async () => expect((await stored()).recoverableLossReasons).toEqual([]));
    await waitFor(() => expect(lost.textContent).toContain('No reasons: no lost deal is suggested for another try.'));
  });
});
