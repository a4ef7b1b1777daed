// Options → Sites → Bitrix24 on your own server: what the address field refuses, and enabling from the click.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { hiddenWidgets, showWidget } from '../../lib/sites';
import { LangContext } from '../../components/Lang';
import { SitesSection } from '../../components/options/SitesSection';
import type { Lang } from '../../lib/i18n';

function renderSites(onAddSelfHosted: (origin: string) => Promise<boolean>, lang: Lang = 'en', hidden: { origins: string[]; onShow: (origin: string) => void } = { origins: [], onShow: () => undefined }) {
  return render(
    <LangContext.Provider value={lang}>
      <SitesSection sites={[]} error={null} onRevoke={() => undefined} onRegrant={() => undefined} onAddSelfHosted={onAddSelfHosted} hiddenWidgets={hidden.origins} onShowWidget={hidden.onShow} />
    </LangContext.Provider>,
  );
}

describe('self-hosted Bitrix24 form', () => {
  it.each([
    ['http://crm.acme-corp.ru', 'Only https addresses'],
    ['intranet', 'Not a site address'],
    ['acme.bitrix24.ru', 'cloud CRM that Sales Pace recognises'],
  ])('refuses %s with a message and asks for nothing', async (typed, message) => {
    const add = vi.fn(async () => true);
    renderSites(add);
    const input = screen.getByLabelText('Portal address');
    await userEvent.type(input, typed);
    await userEvent.click(screen.getByRole('button', { name: 'Enable' }));
    expect(screen.getByRole('alert').textContent).toContain(message);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByRole('button', { name: 'Enable' }) as HTMLButtonElement).disabled).toBe(true);
    expect(add).not.toHaveBeenCalled();
  });

  it('an empty address is refused on Enter', async () => {
    const add = vi.fn(async () => true);
    renderSites(add);
    await userEvent.type(screen.getByLabelText('Portal address'), '{Enter}');
    expect(screen.getByRole('alert').textContent).toContain("Enter the portal's address");
    expect(add).not.toHaveBeenCalled();
  });

  it('enables the origin of a pasted page address and says so', async () => {
    const add = vi.fn(async () => true);
    renderSites(add);
    const input = screen.getByLabelText('Portal address');
    await userEvent.type(input, 'https://crm.acme-corp.ru/crm/deal/kanban/');
    await userEvent.click(screen.getByRole('button', { name: 'Enable' }));
    expect(add).toHaveBeenCalledWith('https://crm.acme-corp.ru');
    await waitFor(() => expect(screen.getByTestId('self-hosted-status').textContent).toContain('Enabled: https://crm.acme-corp.ru'));
    expect((input as HTMLInputElement).value).toBe('');
  });

  it('says so when the browser does not allow it, keeping what was typed', async () => {
    renderSites(async () => false, 'ru');
    const input = screen.getByLabelText('Адрес портала');
    await userEvent.type(input, 'crm.acme-corp.ru');
    await userEvent.click(screen.getByRole('button', { name: 'Включить' }));
    await waitFor(() => expect(screen.getByTestId('self-hosted-status').textContent).toContain('Браузер не разрешил читать https://crm.acme-corp.ru'));
    expect((input as HTMLInputElement).value).toBe('crm.acme-corp.ru');
  });

  it('shows the reason when enabling fails', async () => {
    renderSites(async () => {
      throw new Error('Could not register content scripts');
    });
    await userEvent.type(screen.getByLabelText('Portal address'), 'crm.acme-corp.ru{Enter}');
    await waitFor(() => expect(screen.getByTestId('self-hosted-status').textContent).toContain('Could not enable the portal: Could not register content scripts'));
  });
});

describe('hidden progress widgets', () => {
  beforeEach(() => fakeBrowser.reset());

  it('lists the sites where the widget was closed and keeps its place when shown again', async () => {
    await fakeBrowser.storage.local.set({
      'widget:http://127.0.0.1:5173': { x: 40, y: 300, collapsed: true, hidden: true },
      'widget:https://acme.amocrm.ru': { x: null, y: null, collapsed: false, hidden: false },
      'widget:https://acme.bitrix24.ru': { x: 10, y: 10, collapsed: false, hidden: true },
      sites: { 'https://acme.amocrm.ru': { crm: 'amocrm', enabledAt: 1 } },
    });
    const origins = await hiddenWidgets();
    expect(origins).toEqual(['http://127.0.0.1:5173', 'https://acme.bitrix24.ru']);
    const onShow = vi.fn((origin: string) => void showWidget(origin));
    renderSites(async () => true, 'en', { origins, onShow });
    await userEvent.click(screen.getByRole('button', { name: 'Show the progress widget on 127.0.0.1:5173 again' }));
    expect(onShow).toHaveBeenCalledWith('http://127.0.0.1:5173');
    await waitFor(async () => expect(await hiddenWidgets()).toEqual(['https://acme.bitrix24.ru']));
    expect((await fakeBrowser.storage.local.get('widget:http://127.0.0.1:5173'))['widget:http://127.0.0.1:5173']).toEqual({ x: 40, y: 300, collapsed: true, hidden: false });
  });

  it('shows nothing when no widget is hidden', () => {
    renderSites(async () => true);
    expect(screen.queryByTestId('hidden-widgets')).toBeNull();
  });
});

describe('a site whose permission was removed in the browser', () => {
  it('offers to allow it again, and only for that site', async () => {
    const onRegrant = vi.fn();
    const sites = [
      { origin: 'https://acme.amocrm.ru', crm: 'amocrm' as const, granted: false },
      { origin: 'https://acme.bitrix24.ru', crm: 'bitrix24' as const, granted: true },
    ];
    render(
      <LangContext.Provider value="en">
        <SitesSection sites={sites} error={null} onRevoke={() => undefined} onRegrant={onRegrant} onAddSelfHosted={async () => true} hiddenWidgets={[]} onShowWidget={() => undefined} />
      </LangContext.Provider>,
    );
    expect(screen.getAllByRole('button', { name: /^Allow again/ })).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Allow again https://acme.amocrm.ru' }));
    expect(onRegrant).toHaveBeenCalledWith(sites[0]);
  });
});
