import { Banner, BlockStack, Card, Layout, SkeletonBodyText, SkeletonDisplayText, SkeletonPage } from '@shopify/polaris';
import { ApiError } from '../api/client';

/** The page's shape while its data loads. */
export function LoadingPage({ title, primaryAction = false }: { title?: string; primaryAction?: boolean }) {
  return (
    <SkeletonPage title={title} primaryAction={primaryAction}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={6} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

/** An API error as a critical banner with the API's message (and the problems it lists). */
export function ErrorBanner({ error, title, onDismiss }: { error: unknown; title?: string; onDismiss?: () => void }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const problems = error instanceof ApiError ? error.problems : [];
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <Banner tone="critical" title={title ?? 'Something went wrong'} onDismiss={onDismiss}>
      <p>{message}</p>
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              <code>{p.path}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
      {fields.length > 0 && (
        <ul>
          {fields.map((f, i) => (
            <li key={i}>
              <code>{f.field}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
    </Banner>
  );
}
