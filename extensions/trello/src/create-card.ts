/** The "Create Trello card" action: checks the fields and the board, then creates the card. */
import { ActionError } from '@switchboard/sdk';
import type { CreatedCard, TrelloClient } from './trello-client.js';

export interface CreateCardProperties {
  board?: unknown;
  list?: unknown;
  name?: unknown;
  description?: unknown;
}

export async function createCard(client: TrelloClient, properties: CreateCardProperties): Promise<CreatedCard> {
  const board = boardIdOf(textField(properties.board));
  const list = textField(properties.list);
  const name = textField(properties.name);
  const description = textField(properties.description);
  if (list === '') throw new ActionError('The "List" field is empty: give the ID of the list the card goes in', { code: 'invalid_field' });
  if (name === '') throw new ActionError('The "Card name" field is empty after Liquid rendering: a card needs a name', { code: 'invalid_field' });

  if (board !== '') {
    // A card in the wrong board is worse than no card: check before creating.
    const actual = await client.boardOfList(list);
    if (board !== actual.id && board !== actual.shortLink) {
      throw new ActionError(
        `The list "${list}" is on the board "${actual.name}" (${actual.id}), not on board "${board}": check the Board and List fields`,
        { code: 'list_not_on_board' },
      );
    }
  }
  return client.createCard({ idList: list, name, ...(description === '' ? {} : { desc: description }) });
}

/** A board ID or short link, also taken out of a pasted board URL (`https://trello.com/b/<shortLink>/<name>`). */
export function boardIdOf(value: string): string {
  return /trello\.com\/b\/([A-Za-z0-9]+)/.exec(value)?.[1] ?? value;
}

function textField(value: unknown): string {
  if (value === undefined || value === null) return '';
  return (typeof value === 'string' ? value : String(value)).trim();
}
