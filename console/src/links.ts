import { isSitePageUrl, type Identity, type PreferredChannel } from '@/utils/contract';

/**
 * A post's address, only when it is an https page of a supported site (the contract's
 * `SitePageUrlSchema` rule, hosts from the one site registry); anything else is shown as
 * text, never linked (DESIGN.md, Security rules).
 */
export function safePostUrl(raw: string | null): string | null {
  return isSitePageUrl(raw) ? new URL(raw).href : null;
}

export type ReplyRoute =
  | { kind: 'x'; href: string; handle: string }
  | { kind: 'messenger'; href: string; handle: string }
  | { kind: 'call-centre' }
  | { kind: 'none' };

/**
 * How the agent replies on the member's preferred channel in one click. X has no DM link
 * by handle (its compose URL wants a numeric user id), so X opens the customer's profile,
 * where "Message" is one more click. Messenger opens `m.me/<id or vanity name>`. Email,
 * phone and SMS addresses are not in Jetway's member record: the call-centre system has them.
 */
export function replyRoute(channel: PreferredChannel | null, identity: Identity): ReplyRoute {
  switch (channel) {
    case null:
      return { kind: 'none' };
    case 'x_dm':
      return identity.network === 'x'
        ? { kind: 'x', href: `https://x.com/${encodeURIComponent(identity.handle)}`, handle: identity.handle }
        : { kind: 'call-centre' };
    case 'facebook_messenger':
      return identity.network === 'facebook'
        ? { kind: 'messenger', href: `https://m.me/${encodeURIComponent(identity.handle)}`, handle: identity.handle }
        : { kind: 'call-centre' };
    case 'email':
    case 'phone':
    case 'sms':
      return { kind: 'call-centre' };
  }
}
