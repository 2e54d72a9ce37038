/** How long run history is kept, in a sentence for the admin; null while the shop is loading. */
export function historyRetentionText(days: number | undefined): string | null {
  if (days === undefined) return null;
  if (days === 0) return 'Run history is kept forever.';
  return `Run history is kept for ${days} ${days === 1 ? 'day' : 'days'}, then deleted.`;
}
