import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { effectiveSettings, readAuth, updateSettings, authItem } from '@/utils/storage';

describe('settings and enterprise policy', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('uses the build default server and both sites when nothing is set', async () => {
    const settings = await effectiveSettings();
    expect(settings.serverUrl).toBe(__JETWAY_DEFAULT_SERVER__);
    expect(settings.sites).toEqual({ x: true, facebook: true });
    expect(settings.locked).toEqual({ serverUrl: false, sites: false, defaultHandoffTeamId: false });
  });

  it('lets managed storage (policy) win over the agent and marks those settings locked', async () => {
    await updateSettings({ serverUrl: 'https://agent-choice.example', sites: { x: true, facebook: true } });
    await fakeBrowser.storage.managed.set({ serverUrl: 'https://jetway.airline.example', sites: { facebook: false } });
    const settings = await effectiveSettings();
    expect(settings.serverUrl).toBe('https://jetway.airline.example');
    expect(settings.sites).toEqual({ x: true, facebook: false });
    expect(settings.locked).toEqual({ serverUrl: true, sites: true, defaultHandoffTeamId: false });
  });

  it('ignores a malformed policy instead of failing', async () => {
    await fakeBrowser.storage.managed.set({ serverUrl: 42, sites: 'all' });
    const settings = await effectiveSettings();
    expect(settings.locked.serverUrl).toBe(false);
  });

  it('security: keeps the token in session storage only, and drops a malformed one', async () => {
    await authItem.setValue({ serverUrl: 'https://jetway.airline.example', token: 'jw_abcdefghijklmnop' });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await readAuth()).toEqual({ serverUrl: 'https://jetway.airline.example', token: 'jw_abcdefghijklmnop' });
    await fakeBrowser.storage.session.set({ auth: { serverUrl: 'not a url', token: 1 } });
    expect(await readAuth()).toBeNull();
  });
});
