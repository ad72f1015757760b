import { createHmac } from 'node:crypto';

/**
 * The Standard Webhooks headers of a delivery: the message id (the same on every retry,
 * for the receiver to drop repeats), the time of this try in seconds, and `v1,` with the
 * base64 HMAC-SHA256 of `id.timestamp.body` under the secret's key (the base64 after `whsec_`).
 */
export function signedHeaders(secret: string, messageId: string, body: string, at: Date): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000).toString();
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
