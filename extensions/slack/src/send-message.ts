/** The "Send Slack message" action: checks the merchant's fields, then posts. */
import { ActionError } from '@switchboard/sdk';
import type { PostedMessage, SlackClient } from './slack-client.js';

export interface SendMessageProperties {
  channel?: unknown;
  text?: unknown;
}

export async function sendMessage(client: SlackClient, properties: SendMessageProperties): Promise<PostedMessage> {
  const channel = textField(properties.channel);
  const text = textField(properties.text);
  if (channel === '') throw new ActionError('The "Channel" field is empty: name a Slack channel, such as #orders', { code: 'invalid_field' });
  if (text === '') throw new ActionError('The "Message" field is empty after Liquid rendering: Slack needs some text to post', { code: 'invalid_field' });
  return client.postMessage({ channel, text });
}

/** Rendered fields arrive as text; anything else is read as its text, trimmed. */
function textField(value: unknown): string {
  if (value === undefined || value === null) return '';
  return (typeof value === 'string' ? value : String(value)).trim();
}
