import { describe, expect, it, vi } from 'vitest';
import { createRouter } from '@/utils/protocol/router';

const env = { runtimeId: 'jetway-id', extensionBase: 'chrome-extension://jetway-id/' };
const content = { id: 'jetway-id', url: 'https://x.com/home', tab: { id: 7 } } as never;
const page = { id: 'jetway-id', url: 'chrome-extension://jetway-id/popup.html' } as never;
const stranger = { id: 'another-extension', url: 'https://x.com/home', tab: { id: 7 } } as never;

describe('background message router', () => {
  const getRecentAnswers = vi.fn(async () => []);
  const route = createRouter({ getRecentAnswers } as never, env);

  it("answers a content script's request for the recent answers", async () => {
    expect(await route({ jetway: 'getRecentAnswers' }, content)).toEqual({ ok: true, value: [] });
    expect(getRecentAnswers).toHaveBeenCalledTimes(1);
  });

  it('security: refuses it from extension pages and other extensions, and with a payload', async () => {
    getRecentAnswers.mockClear();
    expect(await route({ jetway: 'getRecentAnswers' }, page)).toEqual({ ok: false, error: 'Request refused' });
    expect(await route({ jetway: 'getRecentAnswers' }, stranger)).toEqual({ ok: false, error: 'Request refused' });
    expect(await route({ jetway: 'getRecentAnswers', data: { limit: 1e9 } }, content)).toMatchObject({ ok: false });
    expect(getRecentAnswers).not.toHaveBeenCalled();
  });
});
