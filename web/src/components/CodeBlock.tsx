import { Box } from '@shopify/polaris';

/** Pretty JSON (or text) in a scrollable, labelled block; `maxHeight` (px) keeps a long payload from running down the page. */
export function CodeBlock({ value, label, maxHeight }: { value: unknown; label: string; maxHeight?: number }) {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    <Box background="bg-surface-secondary" padding="300" borderRadius="200" overflowX="scroll">
      <pre aria-label={label} style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 13, ...(maxHeight ? { maxHeight, overflowY: 'auto' } : {}) }}>
        <code>{text}</code>
      </pre>
    </Box>
  );
}
