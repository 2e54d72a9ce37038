import { Box } from '@shopify/polaris';

/** Pretty JSON (or text) in a scrollable, labelled block. */
export function CodeBlock({ value, label }: { value: unknown; label: string }) {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    <Box background="bg-surface-secondary" padding="300" borderRadius="200" overflowX="scroll">
      <pre aria-label={label} style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 13 }}>
        <code>{text}</code>
      </pre>
    </Box>
  );
}
