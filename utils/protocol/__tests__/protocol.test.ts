import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CaseCreateSchema, LinkCreateSchema, NoteCreateSchema } from '@/utils/contract';
import { MessageRejected, sendMessage } from '@/utils/messaging';
import { createRouter, createTabRouter, type BackgroundHandlers, type MessageSender } from '@/utils/protocol/router';

const env = { runtimeId: 'jetway-id', extensionBase: 'chrome-extension://jetway-id/' };
const content = (url = 'https://x.com/home'): MessageSender => ({ id: 'jetway-id', url, tab: { id: 7 } }) as never;
const page = { id: 'jetway-id', url: 'chrome-extension://jetway-id/popup.html' } as MessageSender;
const identity = { network: 'x', handle: 'anna' } as const;
const receipt = { status: 'stored', outboxId: '00000000-0000-4000-8000-000000000001' } as const;
const writeId = '00000000-0000-4000-8000-0000000000aa';

/** A real round trip: the sender's message goes through the background's router to the handler and back. */
function connect(handlers: Partial<BackgroundHandlers>, sender: MessageSender = content()) {
  const route = createRouter(handlers as BackgroundHandlers, env);
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: unknown) =>
    // The structured clone of the browser: what crosses is JSON-like.
    JSON.parse(JSON.stringify((await route(message, sender)) ?? null))) as never);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the message protocol', () => {
  const loyaltyNumbers = ['SK900000006', 'ab-12', '  SK1234  ', 'SK 9000', 'AB!CD', 'ÅÄÖÅ', '123', 'x'.repeat(33), '----'];

  it.each(loyaltyNumbers)('enqueueLink takes exactly what POST /v1/links takes: %j', async (loyaltyNumber) => {
    const enqueueLink = vi.fn(async () => receipt);
    connect({ enqueueLink });
    const answer = await sendMessage('enqueueLink', { writeId, identity, loyaltyNumber });
    const serverTakes = LinkCreateSchema.safeParse({ identity, loyaltyNumber }).success;
    expect(answer.status === 'stored').toBe(serverTakes);
    expect(enqueueLink).toHaveBeenCalledTimes(serverTakes ? 1 : 0);
    if (answer.status === 'refused') expect(answer.message).toMatch(/^Invalid enqueueLink request: A loyalty number is 4–32 letters, digits or dashes/);
  });

  it('notes and new cases take exactly what the API takes', async () => {
    const enqueueNote = vi.fn(async () => receipt);
    const enqueueCaseOpen = vi.fn(async () => receipt);
    connect({ enqueueNote, enqueueCaseOpen });
    const caseId = '00000000-0000-4000-8000-000000000002';
    for (const text of ['Asked for the bag tag', '   ', 'x'.repeat(4001)]) {
      expect((await sendMessage('enqueueNote', { writeId, caseId, text })).status === 'stored').toBe(NoteCreateSchema.safeParse({ text }).success);
    }
    for (const postUrl of ['https://x.com/anna/status/1', `https://x.com/${'a'.repeat(2050)}`, null]) {
      const data = { identity, subject: 'Lost bag', postUrl };
      expect((await sendMessage('enqueueCaseOpen', { ...data, writeId })).status === 'stored').toBe(CaseCreateSchema.safeParse(data).success);
    }
    expect(enqueueNote).toHaveBeenCalledTimes(1);
    expect(enqueueCaseOpen).toHaveBeenCalledTimes(2);
  });

  it('hands the handler validated data and the sender a checked answer', async () => {
    const enqueueHandoff = vi.fn(async () => receipt);
    connect({ enqueueHandoff });
    const transcript = [{ author: '@Anna', text: 'My bag is lost', postedAt: null, url: 'https://x.com/anna/status/1' }];
    expect(await sendMessage('enqueueHandoff', { writeId, identity: { network: 'x', handle: 'Anna' }, reason: '', transcript })).toEqual(receipt);
    // Handles are lower-cased by the contract's schema; no preferred channel travels; the click's id does.
    expect(enqueueHandoff).toHaveBeenCalledWith({ writeId, identity, reason: '', transcript }, expect.anything());
  });

  it('security: an answer that breaks its verb is not used', async () => {
    connect({ getRecentAnswers: async () => [{ key: 'x:anna', network: 'x', handle: 'anna', member: { id: 'not-a-member' } }] as never });
    await expect(sendMessage('getRecentAnswers')).rejects.toBeInstanceOf(MessageRejected);
    connect({ enqueueNote: async () => ({ status: 'stored', outboxId: 'not-a-uuid' }) as never });
    const answer = await sendMessage('enqueueNote', { writeId, caseId: '00000000-0000-4000-8000-000000000002', text: 'hi' });
    expect(answer).toMatchObject({ status: 'refused', message: expect.stringContaining('something unexpected') });
  });

  it('a write that gets no answer is unknown (never "not saved"); other verbs reject', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist'));
    expect(await sendMessage('enqueueLink', { writeId, identity, loyaltyNumber: 'SK900000006' })).toEqual({ status: 'unknown' });
    await expect(sendMessage('getSession')).rejects.toThrow('Receiving end does not exist');
  });

  it('security: page verbs are refused from content scripts, and content verbs from strangers', async () => {
    const signOut = vi.fn(async () => undefined);
    const getRecentAnswers = vi.fn(async () => []);
    const route = createRouter({ signOut, getRecentAnswers } as never, env);
    expect(await route({ jetway: 'signOut' }, content())).toEqual({ ok: false, error: 'Request refused' });
    expect(await route({ jetway: 'signOut' }, page)).toEqual({ ok: true });
    expect(await route({ jetway: 'getRecentAnswers' }, content('https://evil.example/x.com'))).toEqual({ ok: false, error: 'Request refused' });
    expect(await route({ jetway: 'getRecentAnswers' }, { ...content(), tab: undefined } as never)).toEqual({ ok: false, error: 'Request refused' });
    for (const verb of ['constructor', '__proto__', 'toString', 'fetch']) {
      expect(await route({ jetway: verb }, page)).toEqual({ ok: false, error: 'Unknown request' });
    }
    expect(route({ somethingElse: true }, page)).toBeUndefined();
    expect(signOut).toHaveBeenCalledTimes(1);
    expect(getRecentAnswers).not.toHaveBeenCalled();
  });

  it('serves the mobile and web hosts of the registry as content senders', async () => {
    const getRecentAnswers = vi.fn(async () => []);
    const route = createRouter({ getRecentAnswers } as never, env);
    for (const url of ['https://mobile.x.com/home', 'https://mobile.twitter.com/home', 'https://web.facebook.com/', 'https://business.facebook.com/latest/inbox']) {
      expect(await route({ jetway: 'getRecentAnswers' }, content(url))).toEqual({ ok: true, value: [] });
    }
  });

  it('security: a tab takes its verbs from our background only', async () => {
    const handOffFocusedPost = vi.fn(async () => true);
    const route = createTabRouter({ handOffFocusedPost, lookupRecovered: async () => undefined, watchServer: async () => undefined }, 'jetway-id');
    expect(await route({ jetwayTab: 'handOffFocusedPost' }, { id: 'jetway-id' })).toEqual({ ok: true, value: true });
    expect(await route({ jetwayTab: 'handOffFocusedPost' }, { id: 'jetway-id', tab: { id: 3 } } as never)).toEqual({ ok: false, error: 'Request refused' });
    expect(await route({ jetwayTab: 'handOffFocusedPost' }, { id: 'another-extension' })).toEqual({ ok: false, error: 'Request refused' });
    expect(await route({ jetwayTab: 'handOffFocusedPost', data: { post: 1 } }, { id: 'jetway-id' })).toMatchObject({ ok: false });
    expect(await route({ jetwayTab: 'openUrl' }, { id: 'jetway-id' })).toEqual({ ok: false, error: 'Unknown request' });
    expect(handOffFocusedPost).toHaveBeenCalledTimes(1);
  });
});
